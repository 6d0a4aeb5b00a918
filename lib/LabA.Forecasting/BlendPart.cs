namespace LabA.Forecasting;

internal sealed record BlendPart(double Weight, ForecasterRecipe Forecaster);
