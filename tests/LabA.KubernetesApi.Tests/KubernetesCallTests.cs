using System.Net;
using k8s.Autorest;

namespace LabA.KubernetesApi.Tests;

/// <summary>How a failed call becomes one message; the same against a real server is in LabA.ApiServer.Tests.</summary>
public class KubernetesCallTests
{
    private static readonly KubernetesTarget Target = new("v1", "ConfigMap", "state", "shop", "the stack creates it");

    private static Task<int> Run(Func<Task<int>> call) =>
        KubernetesCall.RunAsync(KubernetesCaller.Scaler, Target, "patch", "configmaps", call, CancellationToken.None);

    [Fact]
    public async Task A_client_library_failure_is_one_message_naming_the_call_not_an_escaping_exception()
    {
        var failure = await Assert.ThrowsAsync<KubernetesCallException>(() => Run(() =>
            throw new NotSupportedException("JsonTypeInfo metadata for type 'System.Text.Json.JsonElement' was not provided")));

        Assert.Contains("'patch' configmaps for ConfigMap 'state' in namespace 'shop'", failure.Message);
        Assert.Contains("NotSupportedException", failure.Message);
        Assert.False(failure.Transient);
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable, true)]
    [InlineData(HttpStatusCode.TooManyRequests, true)]
    [InlineData(HttpStatusCode.UnprocessableEntity, false)]
    public async Task A_status_is_told_with_the_servers_message_and_whether_it_may_pass(HttpStatusCode status, bool transient)
    {
        var failure = await Assert.ThrowsAsync<KubernetesCallException>(() => Run(() => throw Answer(status,
            """{"kind":"Status","apiVersion":"v1","status":"Failure","message":"the server says why","code":0}""")));

        Assert.Contains($"answered {(int)status} {status} to 'patch' on configmaps", failure.Message);
        Assert.Contains("the server says why", failure.Message);
        Assert.Equal(transient, failure.Transient);
    }

    [Fact]
    public async Task A_conflict_is_its_own_exception_so_the_caller_reads_again() =>
        await Assert.ThrowsAsync<KubernetesConflictException>(() => Run(() => throw Answer(HttpStatusCode.Conflict, "{}")));

    [Fact]
    public async Task The_run_being_stopped_is_not_turned_into_a_failure_message()
    {
        using var stop = new CancellationTokenSource();
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => KubernetesCall.RunAsync(KubernetesCaller.Scaler, Target, "get", "configmaps",
            () => Task.FromException<int>(new OperationCanceledException(stop.Token)), stop.Token));
    }

    private static HttpOperationException Answer(HttpStatusCode status, string content) => new("failed")
    {
        Response = new HttpResponseMessageWrapper(new HttpResponseMessage(status), content),
    };
}
