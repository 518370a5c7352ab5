using Microsoft.Data.Sqlite;

namespace Sweep.Runtime.Tests;

/// <summary>Plain SQL against a store file on a read-only connection of its own, for tests that look at what the store wrote.</summary>
internal static class StoreQuery
{
    public static T Scalar<T>(string path, string sql)
    {
        using SqliteConnection connection = new($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)command.ExecuteScalar()!;
    }
}
