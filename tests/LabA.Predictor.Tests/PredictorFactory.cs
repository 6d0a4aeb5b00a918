using System.Net;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace LabA.Predictor.Tests;

/// <summary>
/// The real app on Kestrel at 127.0.0.1 (a free port), with its settings given as the environment would give them, and
/// optionally a frozen clock so that "now plus the horizon" can be asserted.
/// </summary>
public sealed class PredictorFactory : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly TimeProvider? _clock;
    private readonly Action<IServiceCollection>? _services;

    /// <param name="services">Replaces the app's services where a test needs to hold one in a given state (the long-window gate full).</param>
    public PredictorFactory(string modelDirectory, IReadOnlyDictionary<string, string>? settings = null, TimeProvider? clock = null,
        Action<IServiceCollection>? services = null)
    {
        _services = services;
        _settings = new Dictionary<string, string>(settings ?? new Dictionary<string, string>()) { [PredictorCatalogue.ModelDir.Env] = modelDirectory };
        _clock = clock;
        // Kestrel picks the port itself (so parallel tests never collide); with UseKestrel(port) the factory would set the
        // addresses after the app starts binding on its own thread, a race Kestrel sometimes wins (dotnet/aspnetcore#67714).
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        if (_clock is not null)
            builder.ConfigureTestServices(services => services.AddSingleton(_clock));
        if (_services is not null) builder.ConfigureTestServices(_services);
    }
}
