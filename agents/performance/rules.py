"""The performance agent's rule catalogue: what each check flags, why it is slow, and the fix.

Severity follows the cost class: quadratic work in a loop or an event-loop stall is medium or
high, a needless allocation is low, and a micro-optimisation is info. Only the rules whose cost
grows with the number of loop iterations carry CWE-1050 (excessive platform resource
consumption within a loop).
"""

from __future__ import annotations

from agents.base import Rule, suppression_problem_rule
from analyzer.findings import Confidence, Severity

AGENT_ID = "performance"

CWE_RESOURCE_IN_LOOP = 1050

CONCAT_IN_LOOP = Rule(
    id="PRF001",
    name="concatenation-in-loop",
    short_description="String, bytes or tuple built by repeated concatenation inside a loop",
    full_description=(
        "A str, bytes or tuple variable is grown with '+=' (or 'x = x + ...') on every iteration of a "
        "loop. These types are immutable, so each concatenation may copy everything accumulated so far "
        "and the loop becomes quadratic in the length of the result. CPython sometimes resizes a str in "
        "place, but that shortcut is fragile (it fails as soon as another reference exists) and other "
        "interpreters lack it. The same applies to a list rebuilt with 'x = x + [...]'."
    ),
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    cwe=(CWE_RESOURCE_IN_LOOP,),
    tags=("performance", "complexity"),
    help=(
        "Collect the pieces in a list and join them once after the loop (''.join for str, b''.join or a "
        "bytearray for bytes); for a tuple or list, append to a list.\n\n"
        "Before:\n"
        "    text = ''\n"
        "    for row in rows:\n"
        "        text += format_row(row)\n\n"
        "After:\n"
        "    parts = []\n"
        "    for row in rows:\n"
        "        parts.append(format_row(row))\n"
        "    text = ''.join(parts)"
    ),
)

LIST_MEMBERSHIP_IN_LOOP = Rule(
    id="PRF002",
    name="list-membership-in-loop",
    short_description="Membership test against an unchanging list inside a loop",
    full_description=(
        "'x in items' scans a list or tuple element by element, so testing it on every iteration costs "
        "O(len(items)) each time and O(n*m) overall. The list is not modified inside the loop, so a set "
        "built once before the loop answers each test in constant time."
    ),
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    cwe=(CWE_RESOURCE_IN_LOOP,),
    tags=("performance", "complexity"),
    help=(
        "Build a set (or frozenset, for a module-level constant) once, outside the loop, and test "
        "membership against it. The elements must be hashable.\n\n"
        "Before:\n"
        "    allowed = [user.name for user in admins]\n"
        "    for request in requests:\n"
        "        if request.user in allowed:\n"
        "            grant(request)\n\n"
        "After:\n"
        "    allowed = {user.name for user in admins}\n"
        "    for request in requests:\n"
        "        if request.user in allowed:\n"
        "            grant(request)"
    ),
)

LIST_FRONT_IN_LOOP = Rule(
    id="PRF003",
    name="list-front-removal-in-loop",
    short_description="list.pop(0), list.insert(0, x) or del list[0] inside a loop",
    full_description=(
        "Removing or inserting at the front of a list shifts every remaining element, which is O(n) per "
        "call. Done once per iteration, as when a list is used as a FIFO queue, the loop is quadratic. "
        "collections.deque does both ends in O(1)."
    ),
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=(CWE_RESOURCE_IN_LOOP,),
    tags=("performance", "complexity"),
    help=(
        "Use collections.deque: popleft() instead of pop(0), appendleft(x) instead of insert(0, x).\n\n"
        "Before:\n"
        "    queue = [start]\n"
        "    while queue:\n"
        "        node = queue.pop(0)\n"
        "        queue.extend(node.children)\n\n"
        "After:\n"
        "    from collections import deque\n"
        "    queue = deque([start])\n"
        "    while queue:\n"
        "        node = queue.popleft()\n"
        "        queue.extend(node.children)"
    ),
)

REGEX_COMPILE_IN_LOOP = Rule(
    id="PRF004",
    name="regex-compile-in-loop",
    short_description="re.compile() of a constant pattern inside a loop",
    full_description=(
        "The pattern and flags are constants, so every iteration compiles (or, at best, looks up in the "
        "re module's bounded cache) the same regular expression. Compiling it once outside the loop "
        "removes that work and makes the intent clear."
    ),
    severity=Severity.LOW,
    confidence=Confidence.HIGH,
    tags=("performance",),
    help=(
        "Compile the pattern once, at module level or before the loop, and reuse the compiled object.\n\n"
        "Before:\n"
        "    for line in lines:\n"
        "        if re.compile(r'^\\d+$').match(line):\n"
        "            count += 1\n\n"
        "After:\n"
        "    DIGITS = re.compile(r'^\\d+$')\n"
        "    for line in lines:\n"
        "        if DIGITS.match(line):\n"
        "            count += 1"
    ),
)

BLOCKING_SLEEP_IN_ASYNC = Rule(
    id="PRF005",
    name="blocking-sleep-in-async",
    short_description="time.sleep() inside an async function",
    full_description=(
        "time.sleep() suspends the whole thread, and with it the event loop: no other task runs until "
        "it returns. Inside 'async def' the non-blocking asyncio.sleep() must be awaited instead."
    ),
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    tags=("performance", "async"),
    help=(
        "Await asyncio.sleep() (or the sleep of the async framework in use).\n\n"
        "Before:\n"
        "    async def poll(client):\n"
        "        time.sleep(1)\n\n"
        "After:\n"
        "    async def poll(client):\n"
        "        await asyncio.sleep(1)"
    ),
)

BLOCKING_NETWORK_IN_ASYNC = Rule(
    id="PRF006",
    name="blocking-network-call-in-async",
    short_description="Blocking HTTP or socket call inside an async function",
    full_description=(
        "requests, urllib.request, synchronous httpx and blocking socket helpers wait for the network on "
        "the event loop's thread, so every other task stalls for the full round trip (or until a timeout)."
    ),
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    tags=("performance", "async"),
    help=(
        "Use an async client (httpx.AsyncClient, aiohttp) and await it, or push the blocking call to a "
        "worker thread with 'await asyncio.to_thread(...)'.\n\n"
        "Before:\n"
        "    async def fetch(url):\n"
        "        return requests.get(url, timeout=10).json()\n\n"
        "After:\n"
        "    async def fetch(client: httpx.AsyncClient, url):\n"
        "        response = await client.get(url, timeout=10)\n"
        "        return response.json()"
    ),
)

BLOCKING_PROCESS_IN_ASYNC = Rule(
    id="PRF007",
    name="blocking-subprocess-in-async",
    short_description="Blocking subprocess or os.system/os.wait call inside an async function",
    full_description=(
        "subprocess.run/call/check_output, os.system and os.wait* block until the child process ends, "
        "stalling the event loop for as long as the child runs."
    ),
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    tags=("performance", "async"),
    help=(
        "Use asyncio.create_subprocess_exec() and await the process, or run the blocking call in a "
        "thread with 'await asyncio.to_thread(...)'.\n\n"
        "Before:\n"
        "    async def build():\n"
        "        subprocess.run(['make'], check=True)\n\n"
        "After:\n"
        "    async def build():\n"
        "        process = await asyncio.create_subprocess_exec('make')\n"
        "        await process.wait()"
    ),
)

BLOCKING_IO_IN_ASYNC = Rule(
    id="PRF008",
    name="blocking-io-in-async",
    short_description="Blocking file or console I/O inside an async function",
    full_description=(
        "open() and file reads or writes block the event loop for the duration of the disk access, which "
        "is usually short but unbounded on network file systems; input() blocks until a person answers."
    ),
    severity=Severity.LOW,
    confidence=Confidence.MEDIUM,
    tags=("performance", "async"),
    help=(
        "Run the I/O in a thread with 'await asyncio.to_thread(...)' or use an async file library "
        "(aiofiles, anyio.Path).\n\n"
        "Before:\n"
        "    async def load(path):\n"
        "        with open(path) as handle:\n"
        "            return handle.read()\n\n"
        "After:\n"
        "    async def load(path):\n"
        "        return await asyncio.to_thread(Path(path).read_text)"
    ),
)

LIST_DEDUPLICATION_IN_LOOP = Rule(
    id="PRF009",
    name="list-used-for-deduplication",
    short_description="Duplicates removed by testing membership in a growing list",
    full_description=(
        "The loop appends an item to a list only when it is not already in that list. Each membership "
        "test scans the list, which grows with the loop, so removing duplicates this way is quadratic."
    ),
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    cwe=(CWE_RESOURCE_IN_LOOP,),
    tags=("performance", "complexity"),
    help=(
        "Track the items already seen in a set (keep the list if the order matters), or use "
        "dict.fromkeys(items) for an order-preserving de-duplication of hashable items.\n\n"
        "Before:\n"
        "    unique = []\n"
        "    for item in items:\n"
        "        if item not in unique:\n"
        "            unique.append(item)\n\n"
        "After:\n"
        "    unique = list(dict.fromkeys(items))"
    ),
)

SEQUENTIAL_AWAIT_IN_LOOP = Rule(
    id="PRF010",
    name="sequential-await-in-loop",
    short_description="Independent awaits run one after another in a for loop",
    full_description=(
        "Each iteration awaits a call on the loop item before the next one starts, so the waits add up. "
        "When the calls are independent of each other they can run concurrently. This is only a hint: "
        "ordering, rate limits or shared connections may require the sequential form."
    ),
    severity=Severity.INFO,
    confidence=Confidence.LOW,
    tags=("performance", "async"),
    help=(
        "If the calls do not depend on each other, start them together with asyncio.gather() or an "
        "asyncio.TaskGroup (bound the concurrency with a semaphore when needed).\n\n"
        "Before:\n"
        "    results = []\n"
        "    for url in urls:\n"
        "        results.append(await fetch(url))\n\n"
        "After:\n"
        "    results = await asyncio.gather(*(fetch(url) for url in urls))"
    ),
)

DEEPCOPY_IN_LOOP = Rule(
    id="PRF011",
    name="deepcopy-in-loop",
    short_description="copy.deepcopy() inside a loop",
    full_description=(
        "copy.deepcopy walks and duplicates the whole object graph with a memo dictionary, which is one of "
        "the slowest general operations in Python. Repeated in a loop it often dominates the run time. "
        "Often a shallow copy, a constructor or building fresh objects does the job."
    ),
    severity=Severity.INFO,
    confidence=Confidence.LOW,
    tags=("performance",),
    help=(
        "Copy only what is mutated: copy.copy(), dict(x)/list(x), dataclasses.replace(), or construct "
        "the new object directly. If the copies are never mutated, share one object.\n\n"
        "Before:\n"
        "    for user in users:\n"
        "        settings = copy.deepcopy(DEFAULT_SETTINGS)\n"
        "        settings['owner'] = user\n\n"
        "After:\n"
        "    for user in users:\n"
        "        settings = {**DEFAULT_SETTINGS, 'owner': user}"
    ),
)

SORTED_FOR_MIN_MAX = Rule(
    id="PRF012",
    name="sorted-for-min-or-max",
    short_description="sorted(x)[0] or sorted(x)[-1] instead of min() or max()",
    full_description=(
        "Sorting costs O(n log n) time and O(n) memory just to read one end; min() and max() find it in a "
        "single O(n) pass without a copy. They accept the same key= argument."
    ),
    severity=Severity.LOW,
    confidence=Confidence.HIGH,
    tags=("performance",),
    help=(
        "Use min(x) for sorted(x)[0] and max(x) for sorted(x)[-1] (swap them with reverse=True). Note that "
        "an empty input raises ValueError instead of IndexError, and that among equal maxima "
        "sorted(x, key=k)[-1] returns the last one while max(x, key=k) returns the first.\n\n"
        "Before:\n"
        "    newest = sorted(entries, key=lambda e: e.mtime)[-1]\n\n"
        "After:\n"
        "    newest = max(entries, key=lambda e: e.mtime)"
    ),
)

LIST_FOR_FIRST_ITEM = Rule(
    id="PRF013",
    name="list-copy-for-first-item",
    short_description="list(x)[0] copies the whole iterable to read its first item",
    full_description=(
        "list(x)[0] materialises every element of x only to return the first one. next(iter(x)) stops "
        "after one element."
    ),
    severity=Severity.LOW,
    confidence=Confidence.HIGH,
    tags=("performance",),
    help=(
        "Use next(iter(x)); pass a default (next(iter(x), None)) instead of catching IndexError.\n\n"
        "Before:\n"
        "    first_key = list(mapping)[0]\n\n"
        "After:\n"
        "    first_key = next(iter(mapping))"
    ),
)

LIST_FOR_LEN = Rule(
    id="PRF014",
    name="list-copy-for-len",
    short_description="len(list(x)) builds a list only to count it",
    full_description=(
        "len(list(x)) copies every element into a new list and throws it away. Containers have a len() "
        "of their own; for an iterator or generator, counting without storing needs no list."
    ),
    severity=Severity.INFO,
    confidence=Confidence.MEDIUM,
    tags=("performance",),
    help=(
        "Call len(x) if x is a container; count an iterator with sum(1 for _ in x).\n\n"
        "Before:\n"
        "    count = len(list(rows_matching(query)))\n\n"
        "After:\n"
        "    count = sum(1 for _ in rows_matching(query))"
    ),
)

READLINES_IN_FOR = Rule(
    id="PRF015",
    name="readlines-in-for-loop",
    short_description="Iterating over file.readlines() instead of the file",
    full_description=(
        "readlines() reads the whole file into a list before the loop starts; a file object is already "
        "an iterator over its lines and reads them lazily with constant memory."
    ),
    severity=Severity.LOW,
    confidence=Confidence.HIGH,
    tags=("performance", "memory"),
    help=(
        "Iterate over the file object itself.\n\n"
        "Before:\n"
        "    for line in handle.readlines():\n"
        "        process(line)\n\n"
        "After:\n"
        "    for line in handle:\n"
        "        process(line)"
    ),
)

DATAFRAME_GROWTH_IN_LOOP = Rule(
    id="PRF016",
    name="dataframe-growth-in-loop",
    short_description="DataFrame grown with pd.concat or .append inside a loop",
    full_description=(
        "'df = pd.concat([df, part])' (or the removed 'df = df.append(part)') copies the whole frame on "
        "every iteration, so building a frame this way is quadratic in its final size."
    ),
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=(CWE_RESOURCE_IN_LOOP,),
    tags=("performance", "complexity", "pandas"),
    help=(
        "Collect the pieces in a list and call pd.concat once after the loop.\n\n"
        "Before:\n"
        "    frame = pd.DataFrame()\n"
        "    for path in paths:\n"
        "        frame = pd.concat([frame, pd.read_csv(path)])\n\n"
        "After:\n"
        "    frame = pd.concat([pd.read_csv(path) for path in paths])"
    ),
)

DATAFRAME_ITERROWS = Rule(
    id="PRF017",
    name="dataframe-iterrows",
    short_description="Row-by-row iteration with DataFrame.iterrows()",
    full_description=(
        "iterrows() builds a new Series object for every row (and loses the column dtypes), which is "
        "typically orders of magnitude slower than a vectorised column operation."
    ),
    severity=Severity.LOW,
    confidence=Confidence.MEDIUM,
    tags=("performance", "pandas"),
    help=(
        "Express the computation on whole columns; when a row loop is unavoidable, itertuples() is much "
        "faster than iterrows().\n\n"
        "Before:\n"
        "    for _, row in frame.iterrows():\n"
        "        total += row['price'] * row['quantity']\n\n"
        "After:\n"
        "    total = (frame['price'] * frame['quantity']).sum()"
    ),
)

LITERAL_LIST_MEMBERSHIP_IN_LOOP = Rule(
    id="PRF018",
    name="literal-sequence-membership-in-loop",
    short_description="Membership test against a long list or tuple literal inside a loop",
    full_description=(
        "'x in [a, b, c, ...]' with many items scans them one by one on every iteration; so does a name "
        "bound only to such a literal. The cost per test is bounded by the literal's size, so this is a "
        "micro-optimisation: a set answers in constant time, and a set literal of constants is even folded "
        "by CPython into a frozenset constant."
    ),
    severity=Severity.INFO,
    confidence=Confidence.HIGH,
    tags=("performance",),
    help=(
        "Write the literal with braces so it becomes a set, or make the named constant a frozenset.\n\n"
        "Before:\n"
        "    if ext in ['.png', '.jpg', '.jpeg', '.gif', '.bmp', '.tiff', '.webp', '.svg']:\n\n"
        "After:\n"
        "    if ext in {'.png', '.jpg', '.jpeg', '.gif', '.bmp', '.tiff', '.webp', '.svg'}:"
    ),
)

SUPPRESSION_PROBLEM = suppression_problem_rule("PRF000", tags=("performance", "suppression"))

RULES: tuple[Rule, ...] = (
    SUPPRESSION_PROBLEM,
    CONCAT_IN_LOOP,
    LIST_MEMBERSHIP_IN_LOOP,
    LIST_FRONT_IN_LOOP,
    REGEX_COMPILE_IN_LOOP,
    BLOCKING_SLEEP_IN_ASYNC,
    BLOCKING_NETWORK_IN_ASYNC,
    BLOCKING_PROCESS_IN_ASYNC,
    BLOCKING_IO_IN_ASYNC,
    LIST_DEDUPLICATION_IN_LOOP,
    SEQUENTIAL_AWAIT_IN_LOOP,
    DEEPCOPY_IN_LOOP,
    SORTED_FOR_MIN_MAX,
    LIST_FOR_FIRST_ITEM,
    LIST_FOR_LEN,
    READLINES_IN_FOR,
    DATAFRAME_GROWTH_IN_LOOP,
    DATAFRAME_ITERROWS,
    LITERAL_LIST_MEMBERSHIP_IN_LOOP,
)
