using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using LabA.ApiServer.Tests.Fixture;
using LabA.KubernetesApi;
using Xunit.Abstractions;

namespace LabA.ApiServer.Tests;

/// <summary>
/// The fixture's server is a real one: what the in-process stand-ins only imitate (server-set metadata, RBAC on
/// TokenRequest tokens, optimistic concurrency answered with a Status) comes from kube-apiserver itself.
/// </summary>
[Collection("real API server")]
[Trait("Category", "ApiServer")]
public sealed class ApiServerTests(ApiServerFixture server, ITestOutputHelper output)
{
    [Fact]
    public async Task Version_is_the_one_built()
    {
        output.WriteLine($"started (process start to /readyz) in {ApiServerFixture.Seconds(server.StartupTime)} s");
        var version = await server.Admin.Version.GetCodeAsync();

        Assert.Equal("v1.20.2", version.GitVersion);
        Assert.Equal("1", version.Major);
        Assert.Equal("20", version.Minor);
    }

    [Fact]
    public async Task A_ConfigMap_read_back_carries_what_the_server_sets()
    {
        const string Namespace = "metadata";
        await server.CreateNamespaceAsync(Namespace);
        await server.Admin.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "forecast" }, Data = new Dictionary<string, string> { ["replicas"] = "3" } },
            Namespace, fieldManager: "labA-test");

        var read = await server.Admin.CoreV1.ReadNamespacedConfigMapAsync("forecast", Namespace);

        Assert.False(string.IsNullOrEmpty(read.Metadata.Uid));
        Assert.False(string.IsNullOrEmpty(read.Metadata.ResourceVersion));
        Assert.NotNull(read.Metadata.CreationTimestamp);
        var managed = Assert.Single(read.Metadata.ManagedFields);
        Assert.Equal("labA-test", managed.Manager);
        Assert.Equal("Update", managed.Operation);
        Assert.Equal("3", read.Data["replicas"]);
    }

    [Fact]
    public async Task A_service_account_token_authenticates_and_RBAC_refuses_what_it_is_not_granted()
    {
        const string Namespace = "rbac";
        await server.CreateNamespaceAsync(Namespace);
        await server.Admin.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "scaler" } }, Namespace);
        var kubeconfig = Path.Combine(Path.GetDirectoryName(server.AdminKubeconfigPath)!, "scaler.kubeconfig");
        await server.WriteTokenKubeconfigAsync(Namespace, "scaler", kubeconfig);
        using var scaler = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));

        var refused = await Assert.ThrowsAsync<HttpOperationException>(() => scaler.CoreV1.ListNamespacedSecretAsync(Namespace));

        // 403, not 401: the token was accepted and the request refused by RBAC for that very user.
        Assert.Equal(HttpStatusCode.Forbidden, refused.Response.StatusCode);
        Assert.Contains("system:serviceaccount:rbac:scaler", refused.Response.Content, StringComparison.Ordinal);
    }

    /// <summary>
    /// Why the writes here clear managedFields first, and what a read-modify-PUT of an object as read does: the Aot
    /// client reads fieldsV1 as a JsonElement and its source-generated serializer has no metadata to write one back.
    /// If this starts failing, the client has learnt to, and the clearing can go.
    /// </summary>
    [Fact]
    public async Task The_Aot_client_cannot_PUT_back_the_managedFields_it_read()
    {
        const string Namespace = "managed-fields";
        await server.CreateNamespaceAsync(Namespace);
        // Some data: a ConfigMap with only a name has no fields for anyone to manage, and so no managedFields.
        var read = await server.Admin.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "state" }, Data = new Dictionary<string, string> { ["at"] = "1" } }, Namespace);
        Assert.NotEmpty(read.Metadata.ManagedFields);

        var error = await Assert.ThrowsAsync<NotSupportedException>(() => server.Admin.CoreV1.ReplaceNamespacedConfigMapAsync(read, "state", Namespace));

        Assert.Contains("ManagedFields.FieldsV1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_PUT_with_a_stale_resourceVersion_is_a_409_with_a_Status_body()
    {
        const string Namespace = "conflict";
        await server.CreateNamespaceAsync(Namespace);
        var created = await server.Admin.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "forecast" }, Data = new Dictionary<string, string> { ["replicas"] = "1" } },
            Namespace);
        // A real server always sets managedFields, and the Aot client cannot send them back (the test above).
        created.Metadata.ManagedFields = null;
        var stale = created.Metadata.ResourceVersion;
        created.Data["replicas"] = "2";
        await server.Admin.CoreV1.ReplaceNamespacedConfigMapAsync(created, "forecast", Namespace);

        created.Data["replicas"] = "3";
        created.Metadata.ResourceVersion = stale;
        var conflict = await Assert.ThrowsAsync<HttpOperationException>(
            () => server.Admin.CoreV1.ReplaceNamespacedConfigMapAsync(created, "forecast", Namespace));

        Assert.Equal(HttpStatusCode.Conflict, conflict.Response.StatusCode);
        using var status = JsonDocument.Parse(conflict.Response.Content);
        Assert.Equal("Status", status.RootElement.GetProperty("kind").GetString());
        Assert.Equal("Failure", status.RootElement.GetProperty("status").GetString());
        Assert.Equal("Conflict", status.RootElement.GetProperty("reason").GetString());
        Assert.Equal(409, status.RootElement.GetProperty("code").GetInt32());
        Assert.Contains("the object has been modified", status.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
