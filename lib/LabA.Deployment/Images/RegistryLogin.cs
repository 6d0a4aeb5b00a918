namespace LabA.Deployment.Images;

/// <summary>The credentials a push uses and where they came from (said in the log; the password never is).</summary>
public sealed record RegistryLogin(RegistryCredentials? Credentials, string Source);
