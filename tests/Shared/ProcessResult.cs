namespace LabA.Tests.Shared;

/// <summary>How a process a test ran ended: its exit code and everything it wrote to stdout and stderr.</summary>
public sealed record ProcessResult(int ExitCode, string Output, string Error);
