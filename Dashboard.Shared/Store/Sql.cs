using System.Data.Common;

namespace Dashboard.Shared.Store;

/// <summary>Prepared commands for the bulk write paths, where EF change tracking costs more than the disk.</summary>
public static class Sql
{
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
        // Only SQLite prepares without knowing the values' types; the servers prepare (and cache plans) on their own.
        if (connection is Microsoft.Data.Sqlite.SqliteConnection) command.Prepare();
        return command;
    }

    public static Task<int> ExecuteAsync(DbCommand command, CancellationToken ct, params object[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i];
        return command.ExecuteNonQueryAsync(ct);
    }
}
