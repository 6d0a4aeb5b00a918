using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using LabA.Domain.Predict;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using LabA.Scaler;
using Spectre.Console;

// Strings, parsed here: System.CommandLine's Uri conversion goes through reflection that Native AOT trims away.
var predictorOption = new Option<string>("--predictor")
{
    Description = $"Predictor endpoint (default: ${ScalerCatalogue.PredictorUrl.Env}, else the local predictor on port {PredictorCatalogue.Port.Default})",
    DefaultValueFactory = _ => Environment.GetEnvironmentVariable(ScalerCatalogue.PredictorUrl.Env) is { Length: > 0 } url
        ? url
        : PredictorAddress.Local().AbsoluteUri,
};
predictorOption.Validators.Add(result =>
{
    if (!TryParsePredictorUrl(result.GetValueOrDefault<string>(), out _))
        result.AddError("--predictor must be an absolute http(s) URL");
});
var stepOption = new Option<int>("--step")
{
    Description = "Minutes between rows (60: one row per hour)",
    DefaultValueFactory = _ => 60,
};
stepOption.Validators.Add(result =>
{
    if (result.GetValueOrDefault<int>() is < 1 or > Demo.MinutesPerDay)
        result.AddError($"--step must be between 1 and {Demo.MinutesPerDay} minutes");
});

var demo = new Command("demo", "Ask the predictor for every hour (or --step minutes) of a day and print the forecast as a table")
{
    predictorOption,
    stepOption,
};
demo.SetAction((parseResult, cancellationToken) => Demo.RunAsync(
    new Uri(parseResult.GetValue(predictorOption)!), // validated above
    parseResult.GetValue(stepOption),
    ScalerCatalogue.PredictorTimeout.Default,
    AnsiConsole.Console,
    Console.Error,
    cancellationToken));

var root = new RootCommand(
    "LabA scaler: one predictive scaling decision per run (the CronJob's job), configured by environment variables. "
    + $"Exit codes: {ScalerExitCodes.Done} done, {ScalerExitCodes.FailedUnchanged} failed (nothing changed), "
    + $"{ScalerExitCodes.InvalidSettings} invalid settings, {ScalerExitCodes.ScaledButRecordingFailed} scaled but failed afterwards (recording).")
{
    demo,
};
root.SetAction((_, cancellationToken) => ScalerApp.RunOnceAsync(EnvReader.FromProcess(), Console.Out, cancellationToken));

// SIGTERM (the Job's deadline, a pod deletion) and Ctrl+C cancel the run's token; the run then logs one line and
// returns its own exit code, which says whether it had changed anything. Only a run that ignored the token that long
// would be cut off with 143.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(5) });

static bool TryParsePredictorUrl(string? text, [NotNullWhen(true)] out Uri? url) =>
    Uri.TryCreate(text, UriKind.Absolute, out url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps);
