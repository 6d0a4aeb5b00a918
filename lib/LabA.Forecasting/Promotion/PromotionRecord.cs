using System.Text.Json;
using System.Text.Json.Nodes;
using LabA.Forecasting.Model;

namespace LabA.Forecasting.Promotion;

/// <summary>
/// What a retrain decided and on what evidence: the "promotion" object of the challenger's model.json, so the card of a
/// serving model shows the champion's score beside its own, and the baselines both were held to.
/// </summary>
public sealed record PromotionRecord
{
    public const string CardProperty = "promotion";
    public const string Promoted = "promoted";
    public const string Kept = "kept";

    /// <summary><see cref="Promoted"/> or <see cref="Kept"/>.</summary>
    public required string Decision { get; init; }
    public required string Reason { get; init; }
    /// <summary>How much lower than the champion's the challenger's MAE had to be (0.02: 2 %).</summary>
    public required double Margin { get; init; }
    public required DateTimeOffset DecidedAt { get; init; }
    /// <summary>Why there is no champion score: none served, or the stored one failed verification (see also <see cref="HoldoutComparison.ChampionNotScored"/>).</summary>
    public string? ChampionNote { get; init; }
    /// <summary>The slice and every score on it: challenger, champion, baselines.</summary>
    public required HoldoutComparison Scores { get; init; }

    public static PromotionRecord Of(HoldoutComparison comparison, PromotionDecision decision, double margin, DateTimeOffset decidedAt, string? championNote) => new()
    {
        Decision = decision.Promote ? Promoted : Kept,
        Reason = decision.Reason,
        Margin = margin,
        DecidedAt = decidedAt,
        ChampionNote = championNote,
        Scores = comparison,
    };

    /// <summary>
    /// <paramref name="card"/> as model.json with this record as its "promotion" property. The archive binding covers
    /// the fields the archive was trained with, not this one, so the card still verifies against its model.zip.
    /// </summary>
    public string AttachTo(ModelCard card)
    {
        var json = JsonNode.Parse(ModelCardJson.Serialize(card))!.AsObject();
        json[CardProperty] = JsonSerializer.SerializeToNode(this, PromotionJson.Default.PromotionRecord);
        return json.ToJsonString(PromotionJson.Default.Options) + "\n";
    }
}
