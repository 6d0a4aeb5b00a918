using System.Diagnostics;
using LabA.Forecasting;
using LabA.Forecasting.Series;

// ForecastModel.Predict from many threads at once, as the Predictor calls it: args are pairs of model directory and
// the series whose observations a recent model reads.
const int Warmup = 20_000;
const int Calls = 400_000;
for (var i = 0; i + 1 < args.Length; i += 2)
{
    using var model = ForecastModel.Load(args[i]);
    var observations = SeriesCsv.Read(args[i + 1]).Observations;
    var target = observations[^1].Timestamp + model.Horizon;
    for (var call = 0; call < Warmup; call++) model.Predict(target, observations);
    var clock = Stopwatch.StartNew();
    Parallel.For(0, Calls, _ => model.Predict(target, observations));
    Console.WriteLine($"{args[i]} ({model.Card.FeatureSet}, history {model.Card.HistoryPoints} points): " +
                      $"{Calls / clock.Elapsed.TotalSeconds:N0} predictions/s on {Environment.ProcessorCount} cores");
}
