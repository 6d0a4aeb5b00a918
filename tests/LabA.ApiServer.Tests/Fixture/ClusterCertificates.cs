using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace LabA.ApiServer.Tests.Fixture;

/// <summary>
/// What a kube-apiserver needs to serve TLS and authenticate, made in memory with .NET's own crypto (no openssl): a CA,
/// a serving certificate for 127.0.0.1 and localhost, an admin client certificate (CN=admin, O=system:masters: the
/// group RBAC always allows) and the RSA key service account tokens are signed with. Everything as PEM.
/// </summary>
[Trait("Category", "ApiServer")]
public sealed class ClusterCertificates
{
    private ClusterCertificates(string caPem, string servingCertPem, string servingKeyPem, string adminCertPem, string adminKeyPem,
        string serviceAccountKeyPem, string serviceAccountPublicKeyPem)
    {
        CaPem = caPem;
        ServingCertPem = servingCertPem;
        ServingKeyPem = servingKeyPem;
        AdminCertPem = adminCertPem;
        AdminKeyPem = adminKeyPem;
        ServiceAccountKeyPem = serviceAccountKeyPem;
        ServiceAccountPublicKeyPem = serviceAccountPublicKeyPem;
    }

    public string CaPem { get; }
    public string ServingCertPem { get; }
    public string ServingKeyPem { get; }
    public string AdminCertPem { get; }
    public string AdminKeyPem { get; }
    public string ServiceAccountKeyPem { get; }
    public string ServiceAccountPublicKeyPem { get; }

    public static ClusterCertificates Create()
    {
        // The issuer's validity must cover its certificates' (.NET checks); a day back allows for clock skew.
        var now = DateTimeOffset.UtcNow;
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=labA-test-ca", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));

        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        var (servingCert, servingKey) = Issue(ca, "CN=kube-apiserver", "1.3.6.1.5.5.7.3.1", san.Build(), now);
        var (adminCert, adminKey) = Issue(ca, "CN=admin, O=system:masters", "1.3.6.1.5.5.7.3.2", null, now);

        using var serviceAccountKey = RSA.Create(2048);
        return new ClusterCertificates(ca.ExportCertificatePem(), servingCert, servingKey, adminCert, adminKey,
            serviceAccountKey.ExportRSAPrivateKeyPem(), serviceAccountKey.ExportSubjectPublicKeyInfoPem());
    }

    /// <summary>An X509Certificate2 of the admin certificate with its key, for an HttpClient's client certificates.</summary>
    public X509Certificate2 AdminCertificate() => X509Certificate2.CreateFromPem(AdminCertPem, AdminKeyPem);

    /// <summary>True when <paramref name="certificate"/> chains to this CA alone (not the machine's trust store).</summary>
    public bool IsIssuedByCa(X509Certificate2? certificate)
    {
        if (certificate is null) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.Add(X509Certificate2.CreateFromPem(CaPem));
        return chain.Build(certificate);
    }

    private static (string CertPem, string KeyPem) Issue(X509Certificate2 ca, string subject, string usage, X509Extension? san, DateTimeOffset now)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        if (san is not null) request.CertificateExtensions.Add(san);
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var certificate = request.Create(ca, now.AddHours(-1), now.AddDays(7), serial);
        return (certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }
}
