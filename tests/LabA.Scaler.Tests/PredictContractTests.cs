using System.Text.Json;
using LabA.Domain.Predict;

namespace LabA.Scaler.Tests;

public class PredictContractTests
{
    [Theory]
    [InlineData("2025-06-01T14:35:00Z", "2025-06-01T14:35:00Z")]
    [InlineData("2025-06-01T14:35Z", "2025-06-01T14:35:00Z")]
    [InlineData("2025-06-01T16:35:00+02:00", "2025-06-01T14:35:00Z")]
    [InlineData("2025-06-01T14:35:00.250Z", "2025-06-01T14:35:00.25Z")]
    public void Timestamps_are_written_in_UTC_with_seconds_and_a_fraction_only_when_there_is_one(string read, string written)
    {
        Assert.True(PredictTimestamp.TryParse(read, out var instant));
        Assert.Equal(written, PredictTimestamp.Write(instant));
    }

    [Fact]
    public void An_answer_reads_back_equal_and_keeps_the_original_labs_field_names()
    {
        var answer = new PredictorAnswer(62.3, 5, new DateTimeOffset(2025, 6, 1, 14, 35, 0, TimeSpan.Zero), 70, 75.5, 2, 5, "v1");
        var json = JsonSerializer.Serialize(answer, PredictJson.Default.PredictorAnswer);
        Assert.StartsWith("""{"predicted_cpu":62.3,"recommended_replicas":5,"timestamp":"2025-06-01T14:35:00Z",""", json);
        Assert.Equal(answer, JsonSerializer.Deserialize(json, PredictJson.Default.PredictorAnswer));
    }

    [Fact]
    public void The_questions_urls_carry_the_contracts_keys_after_any_query_of_the_endpoint()
    {
        var endpoint = new Uri("http://predictor.shop.svc.cluster.local/predict?model=b");
        var at = new DateTimeOffset(2025, 6, 1, 14, 35, 0, TimeSpan.Zero);
        Assert.Equal("?model=b&at=2025-06-01T14%3A35%3A00Z&window=3", PredictorAddress.ForWindow(endpoint, at, TimeSpan.FromSeconds(150)).Query);
        Assert.Equal("http://predictor.shop.svc.cluster.local/model", PredictorAddress.ModelCard(endpoint).AbsoluteUri);
        Assert.Equal(new Uri("http://predictor.shop.svc.cluster.local/predict"), PredictorAddress.InCluster("shop"));
    }
}
