namespace LabA.Tests.Shared;

/// <summary>
/// Which lane runs the tests: `./test.sh --fast` sets LABA_TEST_LANE=fast. Property tests draw fewer random samples
/// there, so the inner loop stays within its two minutes; the full suite, which CI runs, draws them all.
/// </summary>
public static class TestLane
{
    public const string Variable = "LABA_TEST_LANE";

    public static bool Fast => Environment.GetEnvironmentVariable(Variable) == "fast";

    /// <summary><paramref name="full"/> samples in the full suite, a fifth of them (at least 100) in the fast lane.</summary>
    public static int Samples(int full) => Fast ? Math.Max(100, full / 5) : full;
}
