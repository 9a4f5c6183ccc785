using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Dashboard.Shared.Store;

/// <summary>
/// Plain SQL for the bulk write paths, where EF change tracking costs more than the disk. Written to run unchanged on
/// SQLite, PostgreSQL and SQL Server: every identifier double-quoted, no upsert or RETURNING dialects, and no statement
/// with more than <see cref="MaxParameters"/> parameters (SQL Server refuses more than 2,100).
/// </summary>
public static class Sql
{
    /// <summary>
    /// Far below what SQL Server allows: SQLite finds each named parameter by a linear search, so binding a statement
    /// costs the square of its parameter count. Multi-row INSERTs are not used here: with 5, 10, 20 and
    /// 100 rows a statement they took more CPU per row on SQLite than one prepared single-row statement (measured in
    /// turns in one process: 14.5 against 12.0 µs a reading at 10 rows).
    /// </summary>
    public const int MaxParameters = 500;

    public static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            command.Parameters.Add(p);
        }
        Prepare(command);
        return command;
    }

    /// <summary>
    /// Only SQLite gains from it here; SqlClient refuses to prepare a command whose string parameters have no size.
    /// </summary>
    public static void Prepare(DbCommand command)
    {
        if (command.Connection is SqliteConnection) command.Prepare();
    }

    public static Task<int> ExecuteAsync(DbCommand command, CancellationToken ct, params object[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i];
        return command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Runs <paramref name="sql"/> once per chunk of <paramref name="ids"/>, with <c>{ids}</c> replaced by the chunk's
    /// parameter list and the fixed parameters bound as given.
    /// </summary>
    public static async Task ForIdsAsync(DbConnection connection, DbTransaction transaction, string sql,
        IReadOnlyList<long> ids, IReadOnlyList<(string Name, object Value)> fixedParameters, CancellationToken ct)
    {
        foreach (var chunk in ids.Chunk(MaxParameters - fixedParameters.Count))
        {
            var names = chunk.Select((_, i) => "@i" + i).ToArray();
            await using var command = Command(connection, transaction, sql.Replace("{ids}", string.Join(", ", names)),
                [.. names, .. fixedParameters.Select(f => f.Name)]);
            for (var i = 0; i < chunk.Length; i++) command.Parameters[i].Value = chunk[i];
            for (var f = 0; f < fixedParameters.Count; f++) command.Parameters[chunk.Length + f].Value = fixedParameters[f].Value;
            await command.ExecuteNonQueryAsync(ct);
        }
    }
}
