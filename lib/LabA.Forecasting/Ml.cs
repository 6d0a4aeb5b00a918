using Microsoft.ML;

namespace LabA.Forecasting;

/// <summary>The one MLContext of the process (as in the ML.NET samples); seeded so that training is repeatable.</summary>
internal static class Ml
{
    public static MLContext Context { get; } = new(seed: 1);
}
