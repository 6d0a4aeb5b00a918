using System.Text.Json;

namespace LabA.Scaler.Tests;

/// <summary>The result of one run: its exit code and its JSON log lines.</summary>
public sealed record RunOutcome(int ExitCode, IReadOnlyList<JsonElement> Log)
{
    public JsonElement Line => Assert.Single(Log);
    public string Field(string name) => Line.GetProperty(name).ToString();
    /// <summary>A field of the last line: the error of a run that logged its decision first.</summary>
    public string Last(string name) => Log[^1].GetProperty(name).ToString();
}
