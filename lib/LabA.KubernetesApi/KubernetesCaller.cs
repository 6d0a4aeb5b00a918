using LabA.Domain.Wiring;

namespace LabA.KubernetesApi;

/// <summary>Who makes the calls: <paramref name="Name"/> as error messages say it, <paramref name="Component"/> as the field manager and Event source.</summary>
public sealed record KubernetesCaller(string Name, string Component)
{
    public static readonly KubernetesCaller Scaler = new("scaler", Names.FieldManager);
    public static readonly KubernetesCaller RetrainJob = new("retrain job", Names.RetrainFieldManager);
}
