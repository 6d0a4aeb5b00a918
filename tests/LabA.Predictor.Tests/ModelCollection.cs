namespace LabA.Predictor.Tests;

[CollectionDefinition(Name)]
public sealed class ModelCollection : ICollectionFixture<ModelFixture>
{
    public const string Name = "trained models";
}
