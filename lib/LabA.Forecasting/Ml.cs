using Microsoft.ML;

namespace LabA.Forecasting;

/// <summary>The one MLContext of the process (as in the ML.NET samples); seeded so that training is repeatable.</summary>
internal static class Ml
{
    public static MLContext Context { get; } = Seeded();

    /// <summary>A context of its own for work done beside other work (an MLContext is not thread-safe), with the same seed.</summary>
    public static MLContext Seeded() => new(seed: 1);
}
