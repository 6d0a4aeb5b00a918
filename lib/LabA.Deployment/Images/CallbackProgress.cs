namespace LabA.Deployment.Images;

/// <summary>Reports synchronously, in order: <see cref="Progress{T}"/> posts to the thread pool and can reorder or lose the last messages.</summary>
internal sealed class CallbackProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
