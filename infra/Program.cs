using LabA.Deployment.Images;
using LabA.Infra;

// Pulumi runs the program in infra/; the images build from the repository root above it.
var repositoryRoot = LabImages.FindRepositoryRoot(Directory.GetCurrentDirectory());
return await Pulumi.Deployment.RunAsync(() => LabStack.DefineAsync(new DockerImagePipeline(repositoryRoot)));
