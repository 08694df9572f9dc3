using AgentBudget.Pricing;

namespace AgentBudget.Tests.Pricing;

/// <summary>
/// Pricing files used by the runtime tests: one per provider, in the real pricing/*.json format, loaded through the
/// real run-time loader. Prices are list prices as fixtures; the repository's pricing/*.json is the product data.
/// </summary>
internal static class PricingFixtures
{
    public const string Openai = """
        {
          "schemaVersion": 1,
          "provider": "openai",
          "source": "OpenAI API pricing page, standard tier (test fixture)",
          "checked": "2026-11-01",
          "models": {
            "gpt-4o": {
              "input": 2.5,
              "output": 10,
              "cachedInput": 1.25,
              "batchDiscountPercent": 50,
              "maxOutputTokens": 16384,
              "contextWindow": 128000,
              "aliases": [
                "gpt-4o-2024-08-06"
              ],
              "datedSuffixes": true
            },
            "gpt-4o-mini": {
              "input": 0.15,
              "output": 0.6,
              "cachedInput": 0.075,
              "batchDiscountPercent": 50,
              "aliases": [
                "gpt-4o-mini-2024-07-18"
              ]
            },
            "o1": {
              "input": 15,
              "output": 60,
              "cachedInput": 7.5,
              "batchDiscountPercent": 50,
              "datedSuffixes": true
            },
            "o1-pro": {
              "input": 150,
              "output": 600,
              "batchDiscountPercent": 50
            },
            "o3-mini": {
              "input": 1.1,
              "output": 4.4,
              "cachedInput": 0.55,
              "batchDiscountPercent": 50,
              "datedSuffixes": true
            },
            "gpt-5": {
              "input": 1.25,
              "output": 10,
              "cachedInput": 0.125,
              "batchDiscountPercent": 50,
              "maxOutputTokens": 128000,
              "contextWindow": 400000,
              "datedSuffixes": true
            },
            "text-embedding-3-small": {
              "input": 0.02,
              "embedding": true,
              "batchDiscountPercent": 50
            }
          }
        }
        """;

    public const string Anthropic = """
        {
          "schemaVersion": 1,
          "provider": "anthropic",
          "source": "Anthropic pricing page (test fixture)",
          "checked": "2026-11-01",
          "models": {
            "claude-sonnet-4-5": {
              "input": 3,
              "output": 15,
              "cachedInput": 0.3,
              "cacheWrite5m": 3.75,
              "cacheWrite1h": 6,
              "longContext": [
                {
                  "above": 200000,
                  "input": 6,
                  "output": 22.5,
                  "cachedInput": 0.6,
                  "cacheWrite5m": 7.5,
                  "cacheWrite1h": 12
                }
              ],
              "batchDiscountPercent": 50,
              "maxOutputTokens": 64000,
              "aliases": [
                "claude-sonnet-4-5-20250929"
              ]
            },
            "claude-opus-4-1": {
              "input": 15,
              "output": 75,
              "cachedInput": 1.5,
              "cacheWrite5m": 18.75,
              "cacheWrite1h": 30,
              "batchDiscountPercent": 50,
              "aliases": [
                "claude-opus-4-1-20250805"
              ]
            },
            "claude-3-5-haiku": {
              "input": 0.8,
              "output": 4,
              "cachedInput": 0.08,
              "cacheWrite5m": 1,
              "cacheWrite1h": 1.6,
              "aliases": [
                "claude-3-5-haiku-20241022",
                "claude-3-5-haiku-latest"
              ]
            },
            "claude-3-5-sonnet": {
              "input": 3,
              "output": 15,
              "cachedInput": 0.3,
              "cacheWrite5m": 3.75,
              "cacheWrite1h": 6,
              "aliases": [
                "claude-3-5-sonnet-20241022"
              ],
              "datedSuffixes": true
            }
          }
        }
        """;

    public const string Google = """
        {
          "schemaVersion": 1,
          "provider": "google",
          "source": "Gemini API pricing page, paid tier (test fixture)",
          "checked": "2026-10-15",
          "models": {
            "gemini-2.5-pro": {
              "input": 1.25,
              "output": 10,
              "cachedInput": 0.125,
              "longContext": [
                {
                  "above": 200000,
                  "input": 2.5,
                  "output": 15,
                  "cachedInput": 0.25
                }
              ],
              "batchDiscountPercent": 50
            },
            "gemini-2.5-flash": {
              "input": 0.3,
              "output": 2.5,
              "cachedInput": 0.03,
              "batchDiscountPercent": 50
            },
            "gemini-2.0-flash": {
              "input": 0.1,
              "output": 0.4,
              "cachedInput": 0.025,
              "datedSuffixes": true
            },
            "gemini-embedding-001": {
              "input": 0.15,
              "embedding": true
            }
          }
        }
        """;

    public const string Cohere = """
        {
          "schemaVersion": 1,
          "provider": "cohere",
          "source": "Cohere pricing page (test fixture)",
          "checked": "2026-09-01",
          "models": {
            "command": {
              "input": 1,
              "output": 2
            },
            "command-r": {
              "input": 0.15,
              "output": 0.6,
              "datedSuffixes": true
            },
            "command-r-plus": {
              "input": 2.5,
              "output": 10
            }
          }
        }
        """;

    public const string Deepseek = """
        {
          "schemaVersion": 1,
          "provider": "deepseek",
          "source": "DeepSeek API pricing page (test fixture)",
          "checked": "2026-09-01",
          "models": {
            "deepseek-chat": {
              "input": 0.28,
              "output": 0.42,
              "cachedInput": 0.028
            },
            "deepseek-reasoner": {
              "input": 0.28,
              "output": 0.42,
              "cachedInput": 0.028
            }
          }
        }
        """;

    public const string Xai = """
        {
          "schemaVersion": 1,
          "provider": "xai",
          "source": "xAI API pricing page (test fixture)",
          "checked": "2026-09-01",
          "models": {
            "grok-4": {
              "input": 3,
              "output": 15,
              "cachedInput": 0.75,
              "longContext": [
                {
                  "above": 128000,
                  "input": 6,
                  "output": 30,
                  "cachedInput": 1.5
                }
              ],
              "aliases": [
                "grok-4-0709"
              ]
            }
          }
        }
        """;

    public const string Mistral = """
        {
          "schemaVersion": 1,
          "provider": "mistral",
          "source": "Mistral AI pricing page (test fixture)",
          "checked": "2026-09-01",
          "models": {
            "mistral-large-2411": {
              "input": 2,
              "output": 6,
              "aliases": [
                "mistral-large-latest"
              ]
            },
            "mistral-embed": {
              "input": 0.1,
              "embedding": true
            }
          }
        }
        """;

    public const string Groq = """
        {
          "schemaVersion": 1,
          "provider": "groq",
          "source": "Groq pricing page (test fixture)",
          "checked": "2026-09-01",
          "models": {
            "llama-3.3-70b-versatile": {
              "input": 0.59,
              "output": 0.79
            }
          }
        }
        """;

    public const string Together = """
        {
          "schemaVersion": 1,
          "provider": "together",
          "source": "Together AI pricing page (test fixture)",
          "checked": "2026-09-01",
          "models": {
            "meta-llama/Llama-3.3-70B-Instruct-Turbo": {
              "input": 0.88,
              "output": 0.88
            }
          }
        }
        """;

    public static readonly string[] All = [Openai, Anthropic, Google, Cohere, Deepseek, Xai, Mistral, Groq, Together];

    /// <summary>A catalog with no built-in prices and every fixture loaded at run time.</summary>
    public static PriceCatalog CreateCatalog()
    {
        var catalog = PriceCatalog.CreateEmpty();
        foreach (var file in All)
        {
            catalog.LoadFromJson(file);
        }

        return catalog;
    }
}
