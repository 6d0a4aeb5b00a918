using LabA.Deployment.Cluster;
using LabA.Deployment.Images;
using LabA.Infra;

// Pulumi runs the program in infra/; the images build from the repository root above it.
var repositoryRoot = LabImages.FindRepositoryRoot(Directory.GetCurrentDirectory());
var host = new LabStackHost(
    new DockerImagePipeline(repositoryRoot),
    new DockerKindNodeObserver(),
    RegistryCredentials.DockerConfigPath(Environment.GetEnvironmentVariable));
return await Pulumi.Deployment.RunAsync(() => LabStack.DefineAsync(host));
