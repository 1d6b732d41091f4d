namespace Attendance.Server.Access;

/// <summary>The certificate that encrypts the session key ring where it is stored (section "DataProtection").</summary>
public sealed class SessionKeyOptions
{
    public const string Section = "DataProtection";

    /// <summary>A PKCS#12 file (.pfx) with the certificate and its private key, e.g. mounted from a Kubernetes Secret.</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }
}
