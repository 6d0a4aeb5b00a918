namespace LabA.Forecasting;

/// <summary>The kinds of forecaster a model can hold, as model.json's <c>kind</c> and the archive's forecaster.json name them.</summary>
public static class ForecasterKinds
{
    /// <summary>An ML.NET regression (FastTree, LightGBM or SDCA) on the card's features.</summary>
    public const string Ml = "ml";
    public const string HoltWinters = "holt-winters";
    /// <summary>A daily profile of sines and cosines of the time of day, one for weekdays and one for weekends.</summary>
    public const string HarmonicRegression = "harmonic-regression";
    public const string Persistence = "persistence";
    public const string RollingMean = "rolling-mean";
    public const string SeasonalNaive = "seasonal-naive";
    /// <summary>A weighted mean of two forecasters of the kinds above.</summary>
    public const string Blend = "blend";
    /// <summary>A mix of forecasters of the kinds above, weighted at each origin by their recent errors.</summary>
    public const string Adaptive = "adaptive";
    /// <summary>A calendar profile plus the recent level of the observations when they are given, the profile alone when not.</summary>
    public const string LevelFollowing = "level-following";
}
