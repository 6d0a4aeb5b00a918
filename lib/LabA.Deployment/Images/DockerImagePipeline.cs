namespace LabA.Deployment.Images;

/// <summary>The Docker engine pipeline the program runs: Trainer if needed, then <see cref="ImageBuilder"/> and <see cref="NodeImageLoader"/>.</summary>
public sealed class DockerImagePipeline(string repositoryRoot) : IImagePipeline
{
    public LabImageReferences Plan()
    {
        var predictor = LabImages.Predictor(repositoryRoot);
        var scaler = LabImages.Scaler(repositoryRoot);
        var trainer = LabImages.Trainer(repositoryRoot);
        return new(predictor.ReferenceFor(predictor.ScanContext()), scaler.ReferenceFor(scaler.ScanContext()), trainer.ReferenceFor(trainer.ScanContext()));
    }

    public async Task<LabImageReferences> BuildAndLoadAsync(string nodeContainer, Action<string> log, CancellationToken cancellationToken)
    {
        await EnsureModelAsync(log, cancellationToken);
        using var docker = DockerConnection.Create();
        var predictor = await LabImages.BuildAndLoadAsync(docker, LabImages.Predictor(repositoryRoot), nodeContainer, log, cancellationToken);
        var scaler = await LabImages.BuildAndLoadAsync(docker, LabImages.Scaler(repositoryRoot), nodeContainer, log, cancellationToken);
        var trainer = await LabImages.BuildAndLoadAsync(docker, LabImages.Trainer(repositoryRoot), nodeContainer, log, cancellationToken);
        return new(predictor, scaler, trainer);
    }

    public async Task<LabImageReferences> BuildAndPushAsync(
        RegistryReference registry, RegistryCredentials? credentials, Action<string> log, CancellationToken cancellationToken)
    {
        await EnsureModelAsync(log, cancellationToken);
        using var docker = DockerConnection.Create();
        var predictor = await LabImages.BuildAndPushAsync(docker, LabImages.Predictor(repositoryRoot), registry, credentials, log, cancellationToken);
        var scaler = await LabImages.BuildAndPushAsync(docker, LabImages.Scaler(repositoryRoot), registry, credentials, log, cancellationToken);
        var trainer = await LabImages.BuildAndPushAsync(docker, LabImages.Trainer(repositoryRoot), registry, credentials, log, cancellationToken);
        return new(predictor.Reference, scaler.Reference, trainer.Reference);
    }

    private Task EnsureModelAsync(Action<string> log, CancellationToken cancellationToken) => ModelTraining.EnsureTrainedAsync(
        repositoryRoot, ModelTraining.ModelDirectory(repositoryRoot), ModelTraining.SeriesFile(repositoryRoot), log, cancellationToken);
}
