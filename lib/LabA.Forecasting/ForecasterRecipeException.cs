namespace LabA.Forecasting;

/// <summary>forecaster.json (or a forecaster's parameters) describing something this version does not build; the message names what.</summary>
public sealed class ForecasterRecipeException(string message) : Exception(message);
