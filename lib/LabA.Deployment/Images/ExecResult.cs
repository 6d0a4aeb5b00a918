namespace LabA.Deployment.Images;

public sealed record ExecResult(long ExitCode, string Stdout, string Stderr);
