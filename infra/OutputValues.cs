using Pulumi;

namespace LabA.Infra;

public static class OutputValues
{
    /// <summary>The value once known. Only for real updates: in a preview an output of a resource yet to be created never resolves.</summary>
    public static Task<T> ValueAsync<T>(this Output<T> output)
    {
        var value = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        output.Apply(known =>
        {
            value.TrySetResult(known);
            return known;
        });
        return value.Task;
    }
}
