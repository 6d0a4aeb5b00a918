using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LabA.Domain.Scaling;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;

namespace LabA.Domain.Workloads;

/// <summary>
/// The list of workloads as JSON: the value of <c>lab-a:workloads</c> in the stack (Pulumi structured config) and the
/// content of the file named by <c>WORKLOADS_FILE</c> that the stack mounts into the Scaler and the retrain job. One
/// parser for both, so that what <c>pulumi up</c> accepts is what the jobs read; errors name the path of the bad value
/// (<c>lab-a:workloads[1].perReplica</c>).
/// </summary>
public static class WorkloadList
{
    public const string Name = "name";
    public const string Namespace = "namespace";
    public const string Kind = "kind";
    public const string Query = "query";
    public const string PerReplica = "perReplica";
    public const string CpuLow = "cpuLow";
    public const string CpuHigh = "cpuHigh";
    public const string MinReplicas = "minReplicas";
    public const string MaxReplicas = "maxReplicas";
    public const string Model = "model";
    public const string Hpa = "hpa";
    public const string HpaName = "hpaName";

    /// <summary><c>hpa</c>'s values.</summary>
    public const string HpaLeave = "leave";
    public const string HpaFloor = "floor";

    /// <summary>The longest model name: it becomes a directory, a URL segment and part of a ConfigMap and a volume name (63 at most).</summary>
    public const int MaxModelNameLength = 50;

    /// <summary>The most workloads one list takes: what the state ConfigMap's 1 MiB holds with room to spare.</summary>
    public const int MaxWorkloads = 1000;

    public const int DefaultMinReplicas = 1;

    private static readonly string[] Known = [Name, Namespace, Kind, Query, PerReplica, CpuLow, CpuHigh, MinReplicas, MaxReplicas, Model, Hpa, HpaName];

    /// <param name="json">A JSON array of workload objects.</param>
    /// <param name="root">How errors name the list: <c>lab-a:workloads</c>, or the file and its variable.</param>
    /// <param name="defaultNamespace">The namespace of a workload that names none: the stack's.</param>
    public static IReadOnlyList<Workload> Parse(string json, string root, string defaultNamespace)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new SettingsException(root, $"is not JSON: {e.Message}");
        }
        if (node is not JsonArray array)
            throw new SettingsException(root, "must be a list of workloads, e.g. [{\"name\": \"checkout\", \"query\": \"...\", \"perReplica\": 50, \"maxReplicas\": 10}]");
        if (array.Count > MaxWorkloads) throw new SettingsException(root, $"{array.Count} workloads is more than the {MaxWorkloads} one stack scales");
        var workloads = new List<Workload>(array.Count);
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < array.Count; i++)
        {
            var path = $"{root}[{i}]";
            var workload = ParseOne(array[i] as JsonObject ?? throw new SettingsException(path, "must be an object with at least name, query and maxReplicas"), path, defaultNamespace);
            var id = workload.StateId(defaultNamespace);
            if (seen.TryGetValue(id, out var first))
                throw new SettingsException($"{path}.{Name}", $"{workload} is listed twice (also at {first}); each workload is scaled by one entry");
            seen[id] = path;
            workloads.Add(workload);
        }
        return workloads;
    }

    private static Workload ParseOne(JsonObject item, string path, string defaultNamespace)
    {
        string Key(string field) => $"{path}.{field}";
        foreach (var (field, _) in item)
            if (!Known.Contains(field, StringComparer.Ordinal))
                throw new SettingsException(Key(field), $"is not a workload setting (known: {string.Join(", ", Known)})");

        var name = KubernetesNames.DnsSubdomain(Key(Name), Text(item, Key(Name), Name) ?? throw Missing(Key(Name), "the Deployment's or StatefulSet's name"));
        var ns = KubernetesNames.DnsLabel(Key(Namespace), Text(item, Key(Namespace), Namespace) ?? defaultNamespace);
        var kind = Text(item, Key(Kind), Kind) switch
        {
            null or nameof(WorkloadKind.Deployment) => WorkloadKind.Deployment,
            nameof(WorkloadKind.StatefulSet) => WorkloadKind.StatefulSet,
            var other => throw new SettingsException(Key(Kind), $"'{other}' is not Deployment or StatefulSet"),
        };
        var query = Text(item, Key(Query), Query) ?? throw Missing(Key(Query), "PromQL returning one series of the workload's demand, independent of its replica count");
        if (query.Trim().Length == 0 || query.Contains('\n'))
            throw new SettingsException(Key(Query), "must be one line of PromQL returning exactly one series (the workload's demand)");

        var min = Whole(item, Key(MinReplicas), MinReplicas) ?? DefaultMinReplicas;
        var max = Whole(item, Key(MaxReplicas), MaxReplicas) ?? throw Missing(Key(MaxReplicas), "the most replicas LabA may scale it to");
        var perReplica = Number(item, Key(PerReplica), PerReplica);
        var (cpuLow, cpuHigh) = (Number(item, Key(CpuLow), CpuLow), Number(item, Key(CpuHigh), CpuHigh));
        ReplicaMapping mapping;
        if (perReplica is { } capacity)
        {
            if (cpuLow is not null || cpuHigh is not null)
                throw new SettingsException(Key(cpuLow is not null ? CpuLow : CpuHigh), $"is the CPU band, which {PerReplica} replaces; give one or the other");
            mapping = ReplicaMapping.PerReplicaCapacity(min, max, capacity, new PerReplicaKeys(Key(MinReplicas), Key(MaxReplicas), Key(PerReplica)));
        }
        else
        {
            mapping = ReplicaMapping.Create(min, max, cpuLow ?? RecommendationCatalogue.CpuLow.Default, cpuHigh ?? RecommendationCatalogue.CpuHigh.Default,
                new ReplicaMappingKeys(Key(MinReplicas), Key(MaxReplicas), Key(CpuLow), Key(CpuHigh)));
        }

        var model = Text(item, Key(Model), Model);
        if (model is null && name.Length > MaxModelNameLength || model is null && name.Contains('.'))
            throw new SettingsException(Key(Model), $"required: the name '{name}' cannot name a model (a DNS label of at most {MaxModelNameLength} characters)");
        model = KubernetesNames.DnsLabel(Key(Model), model ?? name, MaxModelNameLength);

        var hpa = Text(item, Key(Hpa), Hpa) switch
        {
            null or HpaLeave => HpaMode.Leave,
            HpaFloor => HpaMode.Floor,
            var other => throw new SettingsException(Key(Hpa), $"'{other}' is not {HpaLeave} (leave a workload an HPA targets alone) or {HpaFloor} (raise its HPA's minReplicas)"),
        };
        var hpaName = Text(item, Key(HpaName), HpaName);
        if (hpaName is not null && hpa != HpaMode.Floor)
            throw new SettingsException(Key(HpaName), $"only used with {Key(Hpa)} {HpaFloor}");
        if (hpa == HpaMode.Floor) hpaName = KubernetesNames.DnsSubdomain(Key(HpaName), hpaName ?? name);
        return new Workload(name, ns, kind, query, mapping, model, hpa, hpaName);
    }

    /// <summary>The list as the file the jobs read: every setting spelt out, namespaces resolved; parses back to equal workloads.</summary>
    public static string ToJson(IEnumerable<Workload> workloads)
    {
        var array = new JsonArray();
        foreach (var w in workloads)
        {
            var item = new JsonObject
            {
                [Name] = w.Name,
                [Namespace] = w.Namespace,
                [Kind] = w.Kind.ToString(),
                [Query] = w.Query,
                [MinReplicas] = w.Mapping.MinReplicas,
                [MaxReplicas] = w.Mapping.MaxReplicas,
            };
            if (w.Mapping.PerReplica is { } capacity)
            {
                item[PerReplica] = capacity;
            }
            else
            {
                item[CpuLow] = w.Mapping.CpuLow;
                item[CpuHigh] = w.Mapping.CpuHigh;
            }
            item[Model] = w.Model;
            item[Hpa] = w.Hpa == HpaMode.Floor ? HpaFloor : HpaLeave;
            if (w.HpaName is { } hpaName) item[HpaName] = hpaName;
            array.Add((JsonNode)item);
        }
        return array.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Reads the file <c>WORKLOADS_FILE</c> names; errors name the variable, the file and the path inside it.</summary>
    public static IReadOnlyList<Workload> ReadFile(string path, string defaultNamespace)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SettingsException(ScalerCatalogue.WorkloadsFile.Env, $"cannot read '{path}': {e.Message}");
        }
        return Parse(text, $"{ScalerCatalogue.WorkloadsFile.Env} ({path}): workloads", defaultNamespace);
    }

    private static SettingsException Missing(string key, string what) => new(key, $"required: {what}");

    private static string? Text(JsonObject item, string key, string field)
    {
        if (!item.TryGetPropertyValue(field, out var node) || node is null) return null;
        if (node is JsonValue value && value.TryGetValue<string>(out var text)) return text.Trim().Length == 0 ? null : text.Trim();
        throw new SettingsException(key, $"must be a string, not {node.ToJsonString()}");
    }

    private static double? Number(JsonObject item, string key, string field)
    {
        if (!item.TryGetPropertyValue(field, out var node) || node is null) return null;
        if (node is JsonValue value)
        {
            // Pulumi structured config keeps what `config set --path` was given as a string unless it looks like a number.
            if (value.TryGetValue<double>(out var number)) return number;
            if (value.TryGetValue<string>(out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number)) return number;
        }
        throw new SettingsException(key, $"{node.ToJsonString()} is not a number");
    }

    private static int? Whole(JsonObject item, string key, string field)
    {
        if (Number(item, key, field) is not { } number) return null;
        if (number != Math.Floor(number) || number is < int.MinValue or > int.MaxValue)
            throw new SettingsException(key, $"{number.ToString(CultureInfo.InvariantCulture)} is not a whole number");
        return (int)number;
    }
}
