namespace LabA.Forecasting.Model;

public sealed record TrainerInfo(string Name, IReadOnlyDictionary<string, string> Settings);
