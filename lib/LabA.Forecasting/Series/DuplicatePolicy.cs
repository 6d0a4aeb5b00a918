namespace LabA.Forecasting.Series;

/// <summary>What an import does with two different values for one point of the grid.</summary>
public enum DuplicatePolicy
{
    /// <summary>Refuse the file, naming both lines: the user decides what two samples for one instant mean.</summary>
    Error,
    /// <summary>Keep the mean of the values.</summary>
    Mean,
    /// <summary>Keep the value that comes last in the file.</summary>
    Last,
}
