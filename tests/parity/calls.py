"""The official OpenAI Python SDK's half of tests/tests/parity.rs.

Makes the calls of tests/parity/rust_calls.rs, in the same order and with the
same arguments, against PARITY_BASE_URL (a recording server). Each request
carries `x-parity-call: <name>` so the recordings of both sides can be paired.
Prints one line per call: `CALL <name> ok <summary>` or `CALL <name> error <why>`.
"""

import os
import sys
import warnings

import openai

# The Assistants API is deprecated; it is called all the same.
warnings.simplefilter("ignore", DeprecationWarning)

FILE_JSONL = b'{"custom_id": "r1", "method": "POST", "url": "/v1/chat/completions", "body": {}}\n'
AUDIO = b"ID3\x03\x00\x00\x00\x00\x00\x00parity-audio"
PNG = b"\x89PNG\r\n\x1a\nparity-image"

TOOLS = [
    {
        "type": "function",
        "function": {
            "name": "get_weather",
            "description": "Current weather of a city",
            "parameters": {
                "type": "object",
                "properties": {"city": {"type": "string"}},
                "required": ["city"],
            },
            "strict": True,
        },
    }
]
MESSAGES = [
    {"role": "system", "content": "You are terse."},
    {"role": "user", "content": "Weather in Paris?"},
]


def chat_create_tools(c):
    r = c.chat.completions.create(
        model="gpt-4o",
        messages=MESSAGES,
        tools=TOOLS,
        tool_choice="auto",
        temperature=0.2,
        max_completion_tokens=64,
        metadata={"suite": "parity"},
    )
    return r.choices[0].message.tool_calls[0].function.name


def chat_create_stream(c):
    stream = c.chat.completions.create(
        model="gpt-4o",
        messages=MESSAGES,
        stream=True,
        stream_options={"include_usage": True},
    )
    return "%d chunks" % sum(1 for _ in stream)


def chat_list(c):
    page = c.chat.completions.list(limit=5, order="asc", metadata={"suite": "parity"})
    return "%d items" % len(page.data)


def responses_create(c):
    r = c.responses.create(
        model="gpt-4.1",
        input="Say hi",
        instructions="Be brief.",
        max_output_tokens=32,
        metadata={"suite": "parity"},
        tools=[{"type": "function", "name": "get_weather", "parameters": {"type": "object"}, "strict": False}],
    )
    return r.id


def responses_create_stream(c):
    stream = c.responses.create(model="gpt-4.1", input="Say hi", stream=True)
    return "%d events" % sum(1 for _ in stream)


def responses_retrieve(c):
    return c.responses.retrieve("resp_123", include=["message.output_text.logprobs"]).id


def embeddings_create(c):
    r = c.embeddings.create(
        model="text-embedding-3-small",
        input=["hello", "world"],
        dimensions=3,
        encoding_format="float",
    )
    return "%d vectors" % len(r.data)


def embeddings_create_default_encoding(c):
    r = c.embeddings.create(model="text-embedding-3-small", input="hello")
    return "%d vectors" % len(r.data)


def files_create(c):
    r = c.files.create(
        file=("batch.jsonl", FILE_JSONL),
        purpose="batch",
        expires_after={"anchor": "created_at", "seconds": 3600},
    )
    return r.id


def files_list(c):
    page = c.files.list(purpose="batch", limit=10, order="desc", after="file-000")
    return "%d files" % len(page.data)


def files_retrieve(c):
    return c.files.retrieve("file-abc123").filename


def files_content(c):
    return "%d bytes" % len(c.files.content("file-abc123").content)


def files_delete(c):
    return str(c.files.delete("file-abc123").deleted)


def audio_transcriptions_create(c):
    r = c.audio.transcriptions.create(
        file=("speech.mp3", AUDIO),
        model="whisper-1",
        language="en",
        prompt="A test.",
        response_format="verbose_json",
        temperature=0,
        timestamp_granularities=["word", "segment"],
    )
    return r.text


def audio_speech_create(c):
    r = c.audio.speech.create(model="gpt-4o-mini-tts", input="Hello", voice="alloy", response_format="mp3", speed=1.25)
    return "%d bytes" % len(r.content)


def images_edit(c):
    r = c.images.edit(
        image=("image.png", PNG),
        prompt="Add a hat",
        model="gpt-image-1",
        n=1,
        size="1024x1024",
        quality="low",
    )
    return "%d images" % len(r.data)


def images_generate(c):
    r = c.images.generate(model="gpt-image-1", prompt="A red circle", n=1, size="1024x1024", output_format="png")
    return "%d images" % len(r.data)


def batches_create(c):
    r = c.batches.create(
        input_file_id="file-abc123",
        endpoint="/v1/chat/completions",
        completion_window="24h",
        metadata={"suite": "parity"},
    )
    return r.status


def batches_retrieve(c):
    return c.batches.retrieve("batch_abc123").status


def batches_cancel(c):
    return c.batches.cancel("batch_abc123").status


def batches_list(c):
    page = c.batches.list(after="batch_abc000", limit=2)
    return "%d batches" % len(page.data)


def vector_stores_create(c):
    r = c.vector_stores.create(
        name="parity",
        file_ids=["file-abc123"],
        metadata={"suite": "parity"},
        expires_after={"anchor": "last_active_at", "days": 7},
    )
    return r.id


def vector_stores_file_batches_create(c):
    r = c.vector_stores.file_batches.create(
        vector_store_id="vs_abc123",
        file_ids=["file-abc123", "file-def456"],
        attributes={"lang": "en"},
    )
    return r.status


def vector_stores_file_batches_cancel(c):
    return c.vector_stores.file_batches.cancel("vsfb_abc123", vector_store_id="vs_abc123").status


def vector_stores_files_list(c):
    page = c.vector_stores.files.list("vs_abc123", filter="completed", limit=3, order="asc")
    return "%d files" % len(page.data)


def models_list(c):
    return "%d models" % len(c.models.list().data)


def models_retrieve(c):
    return c.models.retrieve("gpt-4o").id


def models_delete(c):
    return str(c.models.delete("ft:gpt-4o-mini:acme:parity:abc123").deleted)


def moderations_create(c):
    r = c.moderations.create(model="omni-moderation-latest", input=["hello", "world"])
    return str(r.results[0].flagged)


def completions_create(c):
    r = c.completions.create(model="gpt-3.5-turbo-instruct", prompt="Say hi", max_tokens=5, temperature=0, stop=["\n"])
    return r.choices[0].text


def containers_files_create(c):
    return c.containers.files.create("cntr_abc123", file=("notes.txt", b"parity notes")).id


def beta_assistants_list(c):
    return "%d assistants" % len(c.beta.assistants.list(limit=2, order="desc").data)


CALLS = [
    ("chat.completions.create.tools", chat_create_tools),
    ("chat.completions.create.stream", chat_create_stream),
    ("chat.completions.list", chat_list),
    ("responses.create", responses_create),
    ("responses.create.stream", responses_create_stream),
    ("responses.retrieve", responses_retrieve),
    ("embeddings.create", embeddings_create),
    ("embeddings.create.default_encoding", embeddings_create_default_encoding),
    ("files.create", files_create),
    ("files.list", files_list),
    ("files.retrieve", files_retrieve),
    ("files.content", files_content),
    ("files.delete", files_delete),
    ("audio.transcriptions.create", audio_transcriptions_create),
    ("audio.speech.create", audio_speech_create),
    ("images.edit", images_edit),
    ("images.generate", images_generate),
    ("batches.create", batches_create),
    ("batches.retrieve", batches_retrieve),
    ("batches.cancel", batches_cancel),
    ("batches.list", batches_list),
    ("vector_stores.create", vector_stores_create),
    ("vector_stores.file_batches.create", vector_stores_file_batches_create),
    ("vector_stores.file_batches.cancel", vector_stores_file_batches_cancel),
    ("vector_stores.files.list", vector_stores_files_list),
    ("models.list", models_list),
    ("models.retrieve", models_retrieve),
    ("models.delete", models_delete),
    ("moderations.create", moderations_create),
    ("completions.create", completions_create),
    ("containers.files.create", containers_files_create),
    ("beta.assistants.list", beta_assistants_list),
]


def main():
    client = openai.OpenAI(
        api_key=os.environ["PARITY_API_KEY"],
        base_url=os.environ["PARITY_BASE_URL"],
        max_retries=0,
        timeout=30,
    )
    print("SDK openai %s" % openai.__version__, flush=True)
    for name, fn in CALLS:
        tagged = client.with_options(default_headers={"x-parity-call": name})
        try:
            summary = fn(tagged)
            print("CALL %s ok %s" % (name, summary), flush=True)
        except Exception as e:  # noqa: BLE001 - every failure is reported, none stops the run
            message = " ".join(str(e).split())[:300]
            print("CALL %s error %s: %s" % (name, type(e).__name__, message), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
