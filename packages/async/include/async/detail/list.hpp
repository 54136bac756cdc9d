#pragma once
// Intrusive circular doubly-linked lists: the loop's ready queue and every wait queue. A node
// unlinks itself when destroyed, which is what makes destroying a suspended coroutine (the
// way a task is cancelled) safe: its awaiters leave every queue they are in.
#include <cassert>

namespace async::detail {

class List;

// A list node. Neither copyable nor movable: lists hold its address.
class Link {
 public:
  Link() noexcept = default;
  Link(const Link&) = delete;
  Link& operator=(const Link&) = delete;
  ~Link() { unlink(); }

  // Whether the node is in some list.
  bool linked() const noexcept { return next_ != this; }
  // Removes the node from its list; a no-op when it is in none.
  void unlink() noexcept {
    prev_->next_ = next_;
    next_->prev_ = prev_;
    prev_ = next_ = this;
  }

 private:
  friend class List;
  Link* prev_ = this;
  Link* next_ = this;
};

// A FIFO of nodes it does not own. Destroying the list unlinks the nodes still in it.
class List {
 public:
  List() noexcept = default;
  List(const List&) = delete;
  List& operator=(const List&) = delete;
  ~List() { clear(); }

  bool empty() const noexcept { return !head_.linked(); }

  // Appends n, which must be in no list.
  void push_back(Link& n) noexcept {
    assert(!n.linked());
    n.prev_ = head_.prev_;
    n.next_ = &head_;
    head_.prev_->next_ = &n;
    head_.prev_ = &n;
  }

  // Removes and returns the oldest node; the list must not be empty.
  Link& pop_front() noexcept {
    assert(!empty());
    Link& n = *head_.next_;
    n.unlink();
    return n;
  }

  // Moves every node of `from`, in order, to the end of this list.
  void splice_back(List& from) noexcept {
    if (from.empty()) return;
    Link* first = from.head_.next_;
    Link* last = from.head_.prev_;
    from.head_.prev_ = from.head_.next_ = &from.head_;
    first->prev_ = head_.prev_;
    last->next_ = &head_;
    head_.prev_->next_ = first;
    head_.prev_ = last;
  }

  // Unlinks every node.
  void clear() noexcept {
    while (!empty()) pop_front();
  }

 private:
  Link head_;
};

}  // namespace async::detail
