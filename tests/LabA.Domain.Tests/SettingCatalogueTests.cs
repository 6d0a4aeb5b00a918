using LabA.Domain.Scaling;
using LabA.Domain.Settings;

namespace LabA.Domain.Tests;

/// <summary>
/// The catalogues against the settings types: each deployable writes exactly the variables its catalogue declares,
/// every declared default reads back from the form it is written in, and no two declarations share a name.
/// </summary>
public sealed class SettingCatalogueTests
{
    private static IEnumerable<Setting> Declared =>
        ScalerCatalogue.All.Concat(PredictorCatalogue.All).Concat(TrainerCatalogue.All).Concat(PrometheusCatalogue.All).Distinct();

    public static TheoryData<string> Variables() => new(Declared.Select(setting => setting.Env));

    [Fact]
    public void The_Scaler_writes_every_variable_of_its_catalogue_in_its_order()
    {
        Assert.Equal(ScalerCatalogue.All.Select(setting => setting.Env), ScalerSettings.Default.ToEnvironment().Select(variable => variable.Key));
    }

    [Fact]
    public void The_Predictor_writes_every_variable_of_its_catalogue_and_reads_back_the_same()
    {
        var everySet = new Dictionary<string, string>
        {
            [PredictorCatalogue.BootstrapModelDir.Env] = "/boot", [PredictorCatalogue.ModelVersion.Env] = "v1", [PredictorCatalogue.ModelsDir.Env] = "/models",
        };
        var settings = PredictorSettings.FromEnvironment(EnvReader.From(everySet), "/");
        var written = settings.ToEnvironment();

        Assert.Equal(PredictorCatalogue.All.Select(setting => setting.Env).Order(), written.Select(variable => variable.Key).Order());
        Assert.Equal(settings, PredictorSettings.FromEnvironment(EnvReader.From(written.ToDictionary()), "/elsewhere"));
    }

    [Theory]
    [MemberData(nameof(Variables))]
    public void A_declared_default_reads_back_from_the_form_it_is_written_in(string variable)
    {
        dynamic setting = Declared.Single(declared => declared.Env == variable);
        var text = (string?)setting.DefaultText ?? "";
        var read = setting.Read(EnvReader.From(new Dictionary<string, string> { [variable] = text }));

        // Compared as written: a schedule, say, is equal to another only by its text.
        Assert.Equal(setting.DefaultText, (string?)setting.Format(read));
        Assert.Equal(setting.DefaultText, (string?)setting.Format(setting.Read(EnvReader.Empty)));
    }

    [Fact]
    public void No_two_declarations_share_a_variable_or_a_stack_key()
    {
        var declared = Declared.ToList();
        Assert.Equal(declared.Count, declared.Select(setting => setting.Env).Distinct().Count());
        var keys = declared.Select(setting => setting.StackKey).OfType<string>().ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
    }

    [Fact]
    public void A_reader_names_each_setting_by_its_sources_key_and_reads_the_others_at_their_defaults()
    {
        var stack = new SettingReader(
            EnvReader.From(new Dictionary<string, string> { ["lab-a:podStartup"] = "forever", [ScalerCatalogue.MaxScaleUpStep.Env] = "9" }),
            setting => setting.StackKey is { } key ? $"lab-a:{key}" : null);

        var error = Assert.Throws<SettingsException>(() => stack.Read(ScalerCatalogue.PodStartup));
        Assert.Equal("lab-a:podStartup: 'forever' is not a duration (write e.g. 30s, 5m, 1h30m, or seconds)", error.Message);
        // A setting the source has no key for is at its default, whatever a variable of its name says.
        Assert.Equal(ScalerCatalogue.MaxScaleUpStep.Default, stack.Read(ScalerCatalogue.MaxScaleUpStep));
        Assert.Equal("MAX_SCALE_UP_STEP", stack.KeyOf(ScalerCatalogue.MaxScaleUpStep));
    }

    [Fact]
    public void A_new_setting_is_one_declaration_read_bounded_written_and_named_in_errors()
    {
        var warmUp = Setting.Duration("WARM_UP", TimeSpan.FromSeconds(30), "how long a new pod warms up",
            min: TimeSpan.Zero, max: TimeSpan.FromMinutes(10), stackKey: "warmUp");

        Assert.Equal(TimeSpan.FromSeconds(30), warmUp.Read(EnvReader.Empty));
        Assert.Equal(TimeSpan.FromMinutes(2), warmUp.Read(EnvReader.From(new Dictionary<string, string> { ["WARM_UP"] = "2m" })));
        Assert.Equal(KeyValuePair.Create("WARM_UP", "1m30s"), warmUp.Write(TimeSpan.FromSeconds(90)));
        Assert.Equal(("30s", "0s..10m"), (warmUp.DefaultText, warmUp.Bounds));
        var error = Assert.Throws<SettingsException>(() => warmUp.Read(EnvReader.From(new Dictionary<string, string> { ["WARM_UP"] = "11m" })));
        Assert.Equal("WARM_UP: 11m is above the maximum 10m", error.Message);
    }

    [Fact]
    public void Optional_settings_are_written_empty_or_left_out_when_unset()
    {
        Assert.Equal(KeyValuePair.Create("LOAD_QUERY", ""), ScalerCatalogue.LoadQuery.Write(null));
        Assert.Empty(PredictorCatalogue.ModelVersion.WriteIfSet(null));
        Assert.Equal([KeyValuePair.Create("MODEL_VERSION", "v2")], PredictorCatalogue.ModelVersion.WriteIfSet("v2"));
        Assert.Null(ScalerCatalogue.ObservationWindow.Read(EnvReader.From(new Dictionary<string, string> { ["OBSERVATION_WINDOW"] = " " })));
    }
}
