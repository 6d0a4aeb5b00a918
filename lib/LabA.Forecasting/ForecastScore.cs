using Microsoft.ML.Data;

namespace LabA.Forecasting;

/// <summary>The model's output schema.</summary>
public sealed class ForecastScore
{
    [ColumnName("Score")]
    public float Score { get; set; }
}
