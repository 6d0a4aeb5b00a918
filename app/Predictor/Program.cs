using System.Text.Json;
using System.Text.Json.Serialization;
using LabA.Domain.Settings;
using LabA.Predictor.Endpoints;
using LabA.Predictor.Models;
using LabA.Predictor.Serving;
using Prometheus;

// The content root is where the app's files are (appsettings.json beside the binary, as in the image's /app), not the
// working directory: that one is the user's, against which a relative MODEL_DIR is taken.
var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

PredictorSettings settings;
try
{
    // The process environment, read through configuration so that tests can set the same keys per app instance.
    settings = PredictorSettings.FromEnvironment(new EnvReader(key => builder.Configuration[key]), Environment.CurrentDirectory);
}
catch (SettingsException e)
{
    Console.Error.WriteLine($"labA-predictor: refusing to start: {e.Message}");
    return 2;
}

builder.WebHost.UseUrls($"http://+:{settings.Port}");
builder.Services.AddSingleton(settings);
builder.Services.AddSingleton(settings.Mapping);
builder.Services.AddSingleton(_ => new ModelHost(PredictorMetrics.SingleModel));
builder.Services.AddSingleton<LoadedModels>();
builder.Services.AddSingleton<WorkloadModels>();
builder.Services.AddSingleton<ModelReloader>();
builder.Services.AddHostedService(services => services.GetRequiredService<ModelReloader>());
builder.Services.AddSingleton<Recommender>();
builder.Services.AddSingleton<LongWindowGate>();
builder.Services.AddSingleton<PredictorMetrics>();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddProblemDetails();
builder.Services.ConfigureHttpJsonOptions(options =>
{
    // The /predict contract's names are snake_case; the source-generated context takes its naming from these options.
    options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
    options.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
    options.SerializerOptions.TypeInfoResolverChain.Insert(0, PredictorJsonContext.Default);
});

var app = builder.Build();

var metrics = app.Services.GetRequiredService<PredictorMetrics>();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRouting();
app.UseHttpMethodLabels();
app.UseHttpMetrics(options => options.SetMetricFactory(metrics.Factory));
app.UseHttpMetricsLabels();

app.MapHealthEndpoints();
app.MapPredictEndpoints();
app.MapModelEndpoints();
app.MapMetrics("/metrics", metrics.Registry);

try
{
    app.Run();
}
catch (IOException e)
{
    // Most often the port is taken: one line for the operator, not a stack trace.
    Console.Error.WriteLine($"labA-predictor: cannot serve on port {settings.Port}: {e.Message}");
    return 3;
}
return 0;

/// <summary>Visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
