namespace LabA.Predictor.Models;

/// <summary>A model that was found and not served: when, from where, and the one-line reason.</summary>
internal sealed record ModelRefusal(DateTimeOffset At, string Source, string Reason);
