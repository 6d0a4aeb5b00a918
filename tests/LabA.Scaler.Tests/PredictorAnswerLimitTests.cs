using LabA.Domain.Wiring;
using LabA.Scaler.Forecasts;

namespace LabA.Scaler.Tests;

public class PredictorAnswerLimitTests
{
    [Fact]
    public async Task An_answer_above_one_MiB_is_refused_without_being_read_whole()
    {
        await using var harness = await ScalerHarness.StartAsync(replicas: 3);
        const int size = 60 * 1024 * 1024;
        // Valid JSON, as long as it is: a number padded with 60 MB of spaces, sent in chunks with no Content-Length.
        harness.Predictor.Reply = _ => PredictorReply.Streamed("""{"predicted_cpu": 50, "recommended_replicas": 4""", size, "}");

        var outcome = await harness.RunAsync();

        Assert.Equal(ScalerExitCodes.FailedUnchanged, outcome.ExitCode);
        Assert.Contains($"answered more than {PredictorClient.MaxAnswerBytes / 1024} KiB", outcome.Field("message"));
        Assert.Empty(harness.Kubernetes.Requests);
        // The client hung up early: the stand-in could not send most of it (what it did send filled the socket buffers).
        await harness.Predictor.Finished;
        Assert.InRange(harness.Predictor.BytesSent, PredictorClient.MaxAnswerBytes, size / 2);
    }
}
