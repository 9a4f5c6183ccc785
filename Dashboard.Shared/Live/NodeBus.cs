using System.Text.Json.Serialization;
using Dashboard.Shared.Store;

namespace Dashboard.Shared.Live;

/// <summary>
/// What one node has just stored, told to the other nodes so their memory (snapshots, record cache, feed health)
/// follows the shared database without reading it again.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ReadingsStored), "readings")]
[JsonDerivedType(typeof(RecordsStored), "records")]
[JsonDerivedType(typeof(FeedChanged), "feed")]
[JsonDerivedType(typeof(RubricsChanged), "rubrics")]
[JsonDerivedType(typeof(PlansChanged), "plans")]
[JsonDerivedType(typeof(UnitsChanged), "units")]
public abstract record NodeEvent;

public sealed record ReadingsStored(IReadOnlyList<ReadingChange> Changes) : NodeEvent;

public sealed record RecordsStored(IReadOnlyList<string> Units) : NodeEvent;

/// <summary>An administrator loaded a rubric file: read them again from the database.</summary>
public sealed record RubricsChanged : NodeEvent;

/// <summary>An administrator published a yearly plan: read the plans again and judge the figures anew.</summary>
public sealed record PlansChanged : NodeEvent;
/// <summary>An administrator changed the map of units: read it again from the database.</summary>
public sealed record UnitsChanged : NodeEvent;

/// <summary>A feed ran or was reconfigured: its state as this node now holds it.</summary>
public sealed record FeedChanged(string FeedId, int? CadenceMinutes, DateTimeOffset? LastSuccessAt, DateTimeOffset? LastFailureAt,
    string? LastError) : NodeEvent;

/// <summary>
/// Carries <see cref="NodeEvent"/>s to the other nodes. This base is the single-node case: there is nobody to tell.
/// With Redis configured, the web host replaces it with one that publishes on a Redis channel.
/// </summary>
public class NodeBus
{
    /// <summary>Must not block or throw: the caller has already stored the change, and its own pages already have it.</summary>
    public virtual void Tell(NodeEvent e) { }
}
