using System.Net;
using LabA.Predictor.Serving;
using Microsoft.Extensions.DependencyInjection;

namespace LabA.Predictor.Tests;

/// <summary>Long windows wait only a few turns behind the cores computing them; beyond that, 429 with Retry-After at once.</summary>
[Collection(ModelCollection.Name)]
public sealed class LongWindowGateTests(ModelFixture models)
{
    [Fact]
    public async Task The_queue_holds_a_few_windows_per_core_not_a_thousand()
    {
        using var gate = new LongWindowGate(permits: 1);
        var held = await gate.EnterAsync(LongWindowGate.GatedAboveForecasts + 1, CancellationToken.None);
        Assert.True(held!.IsAcquired);
        var waiting = Enumerable.Range(0, LongWindowGate.WaitingPerPermit)
            .Select(_ => gate.EnterAsync(LongWindowGate.GatedAboveForecasts + 1, CancellationToken.None).AsTask()).ToArray();
        Assert.All(waiting, wait => Assert.False(wait.IsCompleted));

        using var refused = await gate.EnterAsync(LongWindowGate.GatedAboveForecasts + 1, CancellationToken.None);
        Assert.False(refused!.IsAcquired);
        Assert.Null(await gate.EnterAsync(LongWindowGate.GatedAboveForecasts, CancellationToken.None));
        held.Dispose();
        foreach (var wait in waiting) (await wait)!.Dispose();
    }

    [Fact]
    public async Task A_long_window_meeting_a_full_queue_is_answered_429_with_retry_after_at_once()
    {
        var gate = new LongWindowGate(permits: 1, waitingPerPermit: 0);
        await using var app = new PredictorFactory(models.CalendarModel, services: services => services.AddSingleton(gate));
        var client = app.CreateClient();
        using var held = await gate.EnterAsync(LongWindowGate.GatedAboveForecasts + 1, CancellationToken.None);

        var started = System.Diagnostics.Stopwatch.StartNew();
        using var response = await client.GetAsync("/predict?window=600");
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"answered after {started.Elapsed}");
        Assert.Equal(TimeSpan.FromSeconds(LongWindowGate.RetryAfterSeconds), response.Headers.RetryAfter?.Delta);
        Assert.Contains("\"parameter\":\"window\"", await response.Content.ReadAsStringAsync());

        // A short window does not queue at all.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/predict?window=10")).StatusCode);
    }
}
