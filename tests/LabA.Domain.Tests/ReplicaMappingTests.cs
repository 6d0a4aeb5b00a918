using LabA.Domain.Scaling;
using LabA.Domain.Settings;
using LabA.Domain.Wiring;

namespace LabA.Domain.Tests;

public class ReplicaMappingTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(20, 1)]
    [InlineData(80, 10)]
    [InlineData(120, 10)]
    [InlineData(50, 6)]     // 1 + 30/60*9 = 5.5 -> 6: rounded up, never under-provisioned
    [InlineData(40, 4)]     // 1 + 20/60*9 = 4 exactly: float error must not buy a fifth pod
    public void Recommend_follows_the_original_linear_mapping_rounded_up(double cpu, int expected)
    {
        var mapping = ReplicaMapping.Default;
        var exact = 1 + (Math.Clamp(cpu, 20, 80) - 20) / 60 * 9;
        var replicas = mapping.Recommend(cpu);
        Assert.InRange(replicas, 1, 10);
        Assert.True(replicas >= exact - 1e-6, $"{replicas} replicas under-provision {exact}");
        Assert.Equal(expected, replicas);
    }

    [Fact]
    public void Recommend_never_under_provisions_and_is_monotonic()
    {
        var mapping = ReplicaMapping.Create(2, 7, 10, 90);
        var previous = 0;
        for (var cpu = 0.0; cpu <= 100; cpu += 0.25)
        {
            var replicas = mapping.Recommend(cpu);
            var exact = 2 + (Math.Clamp(cpu, 10, 90) - 10) / 80 * 5;
            Assert.True(replicas >= exact - 1e-9);
            Assert.True(replicas < exact + 1);
            Assert.True(replicas >= previous);
            previous = replicas;
        }
    }

    [Fact]
    public void Recommend_rejects_NaN()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ReplicaMapping.Default.Recommend(double.NaN));
    }

    [Theory]
    [InlineData("5", "2", "20", "80", "MIN_REPLICAS")]
    [InlineData("-1", "2", "20", "80", "MIN_REPLICAS")]
    [InlineData("1", "0", "20", "80", "MAX_REPLICAS")]
    [InlineData("1", "10", "80", "20", "CPU_LOW")]
    [InlineData("1", "10", "50", "50", "CPU_LOW")]
    [InlineData("1", "ten", "20", "80", "MAX_REPLICAS")]
    [InlineData("1", "10", "x", "80", "CPU_LOW")]
    [InlineData("1", "10", "20", "NaN", "CPU_HIGH")]
    public void Invalid_settings_name_the_variable(string min, string max, string low, string high, string culprit)
    {
        var env = EnvReader.From(new Dictionary<string, string>
        {
            [RecommendationCatalogue.MinReplicas.Env] = min, [RecommendationCatalogue.MaxReplicas.Env] = max, [RecommendationCatalogue.CpuLow.Env] = low, [RecommendationCatalogue.CpuHigh.Env] = high,
        });
        var error = Assert.Throws<SettingsException>(() => ReplicaMapping.Read(SettingReader.Environment(env)));
        Assert.Equal(culprit, error.Key);
        Assert.StartsWith(culprit + ":", error.Message);
    }

    [Fact]
    public void Unset_variables_take_the_original_defaults()
    {
        var mapping = ReplicaMapping.Read(SettingReader.Environment(EnvReader.Empty));
        Assert.Equal((1, 10, 20.0, 80.0), (mapping.MinReplicas, mapping.MaxReplicas, mapping.CpuLow, mapping.CpuHigh));
    }

    [Fact]
    public void Infra_keys_are_named_in_errors_when_given()
    {
        var keys = new ReplicaMappingKeys("lab-a:minReplicas", "lab-a:maxReplicas", "lab-a:cpuLow", "lab-a:cpuHigh");
        var error = Assert.Throws<SettingsException>(() => ReplicaMapping.Create(3, 2, 20, 80, keys));
        Assert.Equal("lab-a:minReplicas", error.Key);
    }
}
