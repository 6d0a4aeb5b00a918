using System.Collections.Immutable;

namespace LabA.Infra.Tests;

/// <summary>One resource as the program registered it with the engine.</summary>
public sealed record RegisteredResource(string Type, string Name, ImmutableDictionary<string, object> Inputs, string? Provider);
