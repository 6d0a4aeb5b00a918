using System.CommandLine;
using System.Runtime.InteropServices;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using LabA.Forecasting.Synthetic;
using Prometheus;

namespace LabA.Trainer.Commands;

/// <summary>
/// <c>load-source</c>: the synthetic load at wall-clock time as a Prometheus gauge, the demand a cluster's Prometheus
/// scrapes, the model forecasts and the Scaler observes. It never reads the replica count, so scaling cannot feed back
/// into the demand it answers.
/// </summary>
public static class LoadSourceCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "Port of /metrics", DefaultValueFactory = _ => Defaults.LoadSourcePort };
        var target = new Option<string>("--target")
        {
            Description = $"The workload the load belongs to (the gauge's '{Names.LoadSourceTargetLabel}' label)",
            DefaultValueFactory = _ => ScalerCatalogue.TargetDeployment.Default,
        };
        var knobs = new SyntheticOptions();
        var command = new Command("load-source", $"Serve the synthetic load at wall-clock time as the gauge {Names.LoadSourceMetric} on /metrics") { port, target };
        knobs.AddTo(command);
        command.SetAction(parse => Cli.Guard(() =>
        {
            var listenPort = parse.GetValue(port);
            if (listenPort is < 1 or > 65535) throw new SettingsException("--port", $"{listenPort} is not a port (1-65535)");
            var clock = new SyntheticLoadClock(knobs.Bind(parse));
            var registry = Metrics.NewCustomRegistry();
            var gauge = Metrics.WithCustomRegistry(registry).CreateGauge(Names.LoadSourceMetric,
                "The synthetic demand at this minute, in CPU% of the workload: replica-independent, as generate writes it.",
                Names.LoadSourceTargetLabel).WithLabels(parse.GetValue(target)!);
            // Read at each scrape, so the gauge is the value of the minute Prometheus asks in.
            registry.AddBeforeCollectCallback(() =>
            {
                if (clock.At(DateTimeOffset.UtcNow) is { } point) gauge.Set(point.Value);
            });

            using var server = new MetricServer("+", listenPort, registry: registry);
            try
            {
                server.Start();
            }
            catch (System.Net.HttpListenerException e)
            {
                throw new SettingsException("--port", $"{listenPort} cannot be listened on: {e.Message}");
            }
            Console.WriteLine($"load-source: {Names.LoadSourceMetric}{{{Names.LoadSourceTargetLabel}=\"{parse.GetValue(target)}\"}} on http://0.0.0.0:{listenPort}/metrics " +
                $"({SyntheticOptions.Describe(clock.Options)})");
            using var stop = new ManualResetEventSlim();
            using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Set(); });
            using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Set(); });
            stop.Wait();
            Console.WriteLine("load-source: stopped");
            return Cli.Ok;
        }));
        return command;
    }
}
