using System.Diagnostics;
using System.Globalization;
using System.Text;
using k8s;
using k8s.Models;

namespace LabA.ApiServer.Tests.Fixture;

/// <summary>The tests that share one real API server: started once for all of them, stopped after the last.</summary>
[CollectionDefinition("real API server")]
[Trait("Category", "ApiServer")]
public sealed class RealApiServerCollection : ICollectionFixture<ApiServerFixture>;

/// <summary>
/// A real kube-apiserver with its own etcd, envtest-style: both on free loopback ports, with a CA, serving and admin
/// certificates and a service account signing key made for it in a temporary directory, RBAC on, and no
/// controller-manager (so no default ServiceAccount, no token controller, no ReplicaSets or pods from Deployments).
/// The binaries come from scripts/kube-apiserver-prereqs.sh through LABA_KUBE_APISERVER_BIN and LABA_ETCD_BIN; when
/// they are missing, starting fails naming LABA_KUBE_APISERVER_MISSING, so these tests never pass without a server.
/// </summary>
[Trait("Category", "ApiServer")]
public sealed class ApiServerFixture : IAsyncLifetime
{
    public const string ApiServerVariable = "LABA_KUBE_APISERVER_BIN";
    public const string EtcdVariable = "LABA_ETCD_BIN";
    public const string MissingVariable = "LABA_KUBE_APISERVER_MISSING";

    /// <summary>The audience and issuer tokens carry: what an in-cluster client would see.</summary>
    public const string Issuer = "https://kubernetes.default.svc";

    /// <summary>From process start to /readyz. 1.20 on 2 busy cores takes a few seconds; this is for a slow machine.</summary>
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(120);

    private const int StartAttempts = 3;

    private string? _directory;
    private LoggedProcess? _etcd;
    private LoggedProcess? _apiServer;
    private ClusterCertificates? _certificates;
    private IKubernetes? _admin;

    /// <summary>https://127.0.0.1:port, no trailing slash.</summary>
    public string Url { get; private set; } = "";

    public string CaPem => Certificates.CaPem;

    public string CaFile { get; private set; } = "";

    /// <summary>A kubeconfig for CN=admin, O=system:masters (certificate and key inline), trusting only this CA.</summary>
    public string AdminKubeconfigPath { get; private set; } = "";

    /// <summary>A client built from <see cref="AdminKubeconfigPath"/>.</summary>
    public IKubernetes Admin => _admin ?? throw new InvalidOperationException("the API server has not started");

    /// <summary>How long the processes took from start to /readyz answering 200.</summary>
    public TimeSpan StartupTime { get; private set; }

    public ClusterCertificates Certificates => _certificates ?? throw new InvalidOperationException("the API server has not started");

    public async Task InitializeAsync()
    {
        var apiServerBin = Environment.GetEnvironmentVariable(ApiServerVariable);
        var etcdBin = Environment.GetEnvironmentVariable(EtcdVariable);
        if (string.IsNullOrEmpty(apiServerBin) || string.IsNullOrEmpty(etcdBin) || !File.Exists(apiServerBin) || !File.Exists(etcdBin))
        {
            var reason = Environment.GetEnvironmentVariable(MissingVariable) is { Length: > 0 } why ? why : "not set: source scripts/kube-apiserver-prereqs.sh";
            throw new InvalidOperationException(
                $"no real API server: {ApiServerVariable}='{apiServerBin}', {EtcdVariable}='{etcdBin}'; {MissingVariable}: {reason}");
        }

        _directory = TestDirectory.Create("labA-apiserver-");
        _certificates = ClusterCertificates.Create();
        var pki = Path.Combine(_directory, "pki");
        Directory.CreateDirectory(pki);
        CaFile = Write(pki, "ca.crt", _certificates.CaPem);
        var servingCert = Write(pki, "apiserver.crt", _certificates.ServingCertPem);
        var servingKey = Write(pki, "apiserver.key", _certificates.ServingKeyPem);
        var serviceAccountKey = Write(pki, "sa.key", _certificates.ServiceAccountKeyPem);
        var serviceAccountPublicKey = Write(pki, "sa.pub", _certificates.ServiceAccountPublicKeyPem);

        var started = Stopwatch.StartNew();
        // A free port is only free when it was asked for: another process may take it before etcd or the API server
        // binds it, and then that process exits at once. Such a start is tried again on other ports.
        for (var attempt = 1; ; attempt++)
        {
            var etcdUrl = StartEtcd(etcdBin);
            var port = TestProcess.FreePort();
            Url = $"https://127.0.0.1:{port}";
            _apiServer = new LoggedProcess("kube-apiserver", apiServerBin,
            [
                $"--etcd-servers={etcdUrl}",
                "--bind-address=127.0.0.1", $"--secure-port={port}", "--advertise-address=127.0.0.1",
                // 1.20 still serves plain HTTP on 127.0.0.1:8080 unless told not to.
                "--insecure-port=0",
                $"--cert-dir={Path.Combine(_directory, "cert-dir")}",
                $"--tls-cert-file={servingCert}", $"--tls-private-key-file={servingKey}", $"--client-ca-file={CaFile}",
                "--authorization-mode=RBAC",
                $"--service-account-issuer={Issuer}", $"--api-audiences={Issuer}",
                $"--service-account-key-file={serviceAccountPublicKey}", $"--service-account-signing-key-file={serviceAccountKey}",
                "--service-cluster-ip-range=10.0.0.0/24", "--allow-privileged=true",
                // No controller-manager makes the default ServiceAccount a pod would be given, so the plugin would refuse pods.
                "--disable-admission-plugins=ServiceAccount",
            ], Path.Combine(_directory, "kube-apiserver.log"));

            try
            {
                await WaitUntilReadyAsync();
                break;
            }
            catch (InvalidOperationException) when (attempt < StartAttempts && (_apiServer!.Process.HasExited || _etcd!.Process.HasExited))
            {
                _apiServer!.Dispose();
                _etcd!.Dispose();
            }
        }
        StartupTime = started.Elapsed;

        AdminKubeconfigPath = Path.Combine(_directory, "admin.kubeconfig");
        await File.WriteAllTextAsync(AdminKubeconfigPath, Kubeconfig("admin",
            $"    client-certificate-data: {Base64(_certificates.AdminCertPem)}\n    client-key-data: {Base64(_certificates.AdminKeyPem)}\n"));
        _admin = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(AdminKubeconfigPath));
    }

    /// <summary>
    /// Asks the TokenRequest API for a token of <paramref name="serviceAccount"/> (which must exist) and writes a
    /// kubeconfig at <paramref name="path"/> that uses it as a bearer token and trusts this CA. Returns the token.
    /// </summary>
    public async Task<string> WriteTokenKubeconfigAsync(string @namespace, string serviceAccount, string path)
    {
        var request = new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { Audiences = [Issuer], ExpirationSeconds = 3600 } };
        var answer = await Admin.CoreV1.CreateNamespacedServiceAccountTokenAsync(request, serviceAccount, @namespace);
        var token = answer.Status?.Token ?? throw new InvalidOperationException($"TokenRequest for {@namespace}/{serviceAccount} returned no token");
        await File.WriteAllTextAsync(path, Kubeconfig($"system:serviceaccount:{@namespace}:{serviceAccount}", $"    token: {token}\n"));
        return token;
    }

    public async Task CreateNamespaceAsync(string name) =>
        await Admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });

    /// <summary>An HttpClient that presents the admin certificate and trusts only this CA: for calls the client library does not make.</summary>
    public HttpClient AdminHttpClient()
    {
        var handler = new HttpClientHandler
        {
            ClientCertificateOptions = ClientCertificateOption.Manual,
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) => Certificates.IsIssuedByCa(certificate),
        };
        handler.ClientCertificates.Add(Certificates.AdminCertificate());
        return new HttpClient(handler) { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromSeconds(10) };
    }

    public Task DisposeAsync()
    {
        (_admin as IDisposable)?.Dispose();
        // The API server first: it would log errors for an etcd going away under it.
        _apiServer?.Dispose();
        _etcd?.Dispose();
        try
        {
            if (_directory is not null && Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a process not quite gone; the system's temp cleaning takes it.
        }
        return Task.CompletedTask;
    }

    private string StartEtcd(string etcdBin)
    {
        var clientUrl = $"http://127.0.0.1:{TestProcess.FreePort()}";
        var peerUrl = $"http://127.0.0.1:{TestProcess.FreePort()}";
        List<string> arguments =
        [
            "--name=labA-test", $"--data-dir={Path.Combine(_directory!, "etcd-" + Guid.NewGuid().ToString("N"))}",
            $"--listen-client-urls={clientUrl}", $"--advertise-client-urls={clientUrl}",
            $"--listen-peer-urls={peerUrl}", $"--initial-advertise-peer-urls={peerUrl}", $"--initial-cluster=labA-test={peerUrl}",
        ];
        // A test's data need not survive a crash; etcd 3.5 can skip fsync (Debian bookworm's 3.4.23 cannot).
        if (TestProcess.Run(TestProcess.StartInfo(etcdBin, ["--help"]), TimeSpan.FromSeconds(20)) is var help
            && (help.Output + help.Error).Contains("--unsafe-no-fsync", StringComparison.Ordinal))
            arguments.Add("--unsafe-no-fsync");
        _etcd = new LoggedProcess("etcd", etcdBin, arguments, Path.Combine(_directory!, "etcd.log"));
        return clientUrl;
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = AdminHttpClient();
        http.Timeout = TimeSpan.FromSeconds(5);
        var deadline = DateTime.UtcNow + StartDeadline;
        var last = "no answer yet";
        while (DateTime.UtcNow < deadline && !_apiServer!.Process.HasExited && !_etcd!.Process.HasExited)
        {
            try
            {
                using var answer = await http.GetAsync("/readyz");
                if (answer.IsSuccessStatusCode) return;
                last = $"{(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = e.Message;
            }
            await Task.Delay(200);
        }
        throw new InvalidOperationException(
            $"kube-apiserver at {Url} was not ready (/readyz) within {StartDeadline.TotalSeconds:0} s or a process exited; last answer: {last}\n"
            + $"{_apiServer!.Tail()}\n{_etcd!.Tail()}");
    }

    private string Kubeconfig(string user, string credentials) =>
        "apiVersion: v1\nkind: Config\n"
        + $"clusters:\n- name: labA-test\n  cluster:\n    server: {Url}\n    certificate-authority-data: {Base64(Certificates.CaPem)}\n"
        + $"users:\n- name: {user}\n  user:\n{credentials}"
        + $"contexts:\n- name: labA-test\n  context:\n    cluster: labA-test\n    user: {user}\n"
        + "current-context: labA-test\n";

    private static string Base64(string pem) => Convert.ToBase64String(Encoding.ASCII.GetBytes(pem));

    private static string Write(string directory, string name, string content)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Seconds with one decimal, for a test's output.</summary>
    public static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
}
