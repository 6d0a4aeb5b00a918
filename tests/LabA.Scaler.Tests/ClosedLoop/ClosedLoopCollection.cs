namespace LabA.Scaler.Tests.ClosedLoop;

[CollectionDefinition(Name)]
public sealed class ClosedLoopCollection : ICollectionFixture<ClosedLoopFixture>
{
    public const string Name = "closed loop with real parts";
}
