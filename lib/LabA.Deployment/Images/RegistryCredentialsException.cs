namespace LabA.Deployment.Images;

/// <summary>A Docker config the push cannot use, naming the file and what is wrong with it.</summary>
public sealed class RegistryCredentialsException(string message) : Exception(message);
