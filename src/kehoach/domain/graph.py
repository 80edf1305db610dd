"""Walking the links records make to each other — groups and their members, an organization and the
one it reports to, a task and the one it waits for — without recursion and in time linear in the
number of links, however long a chain an editor (or an attacker) writes.

`neighbours(node)` gives the nodes a node links to; links to unknown nodes are the caller's to
filter out (they are reported elsewhere).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import TypeVar

Node = TypeVar("Node", bound=Hashable)


def cycles(nodes: Iterable[Node], neighbours: Callable[[Node], Sequence[Node]]) -> list[set[Node]]:
    """The groups of nodes that reach each other round a loop: Tarjan's strongly connected
    components with an explicit stack, keeping those of two or more nodes or a node linked to itself."""
    index: dict[Node, int] = {}
    low: dict[Node, int] = {}
    on_stack: set[Node] = set()
    stack: list[Node] = []
    found: list[set[Node]] = []
    self_linked: set[Node] = set()
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work: list[tuple[Node, int]] = [(root, 0)]
        while work:
            node, next_child = work[-1]
            if next_child == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            children = neighbours(node)
            if next_child < len(children):
                work[-1] = (node, next_child + 1)
                child = children[next_child]
                if child not in index:
                    work.append((child, 0))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                    if child == node:
                        self_linked.add(node)
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in self_linked:
                    found.append(set(component))
    return found


def longest_chains(nodes: Iterable[Node], neighbours: Callable[[Node], Sequence[Node]]) -> dict[Node, tuple[int, Node | None]]:
    """For each node, the number of nodes on the longest chain starting at it (itself included) and
    the next node on that chain. The graph must have no cycle (see `nodes_on_cycles`)."""
    found: dict[Node, tuple[int, Node | None]] = {}
    for root in nodes:
        if root in found:
            continue
        work: list[tuple[Node, bool]] = [(root, False)]
        while work:
            node, expanded = work.pop()
            if node in found:
                continue
            if not expanded:
                work.append((node, True))
                work.extend((child, False) for child in neighbours(node) if child not in found)
                continue
            best: tuple[int, Node | None] = (1, None)
            for child in neighbours(node):
                length = found[child][0] + 1
                if length > best[0]:
                    best = (length, child)
            found[node] = best
    return found


def chain(start: Node, longest: dict[Node, tuple[int, Node | None]]) -> list[Node]:
    """The longest chain from `start`, as `longest_chains` found it."""
    nodes = [start]
    following = longest[start][1]
    while following is not None:
        nodes.append(following)
        following = longest[following][1]
    return nodes
