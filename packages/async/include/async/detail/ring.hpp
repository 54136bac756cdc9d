#pragma once
// A growable FIFO ring buffer. It allocates only when it grows (doubling, power-of-two
// capacity), so a queue that has reached its working size never allocates again.
#include <cassert>
#include <cstddef>
#include <memory>
#include <utility>

namespace async::detail {

template <class T>
class Ring {
 public:
  Ring() noexcept = default;
  Ring(const Ring&) = delete;
  Ring& operator=(const Ring&) = delete;
  ~Ring() {
    while (size_ != 0) pop_front();
    if (data_ != nullptr) std::allocator<T>{}.deallocate(data_, capacity_);
  }

  bool empty() const noexcept { return size_ == 0; }
  std::size_t size() const noexcept { return size_; }

  // Appends v, growing the buffer when it is full.
  void push_back(T v) {
    if (size_ == capacity_) grow();
    std::construct_at(data_ + ((head_ + size_) & (capacity_ - 1)), std::move(v));
    ++size_;
  }

  // Removes and returns the oldest element; the ring must not be empty.
  T pop_front() {
    assert(size_ != 0);
    T* slot = data_ + head_;
    T v = std::move(*slot);
    std::destroy_at(slot);
    head_ = (head_ + 1) & (capacity_ - 1);
    --size_;
    return v;
  }

 private:
  void grow() {
    const std::size_t capacity = capacity_ == 0 ? 8 : capacity_ * 2;
    T* data = std::allocator<T>{}.allocate(capacity);
    for (std::size_t i = 0; i < size_; ++i) {
      T* from = data_ + ((head_ + i) & (capacity_ - 1));
      std::construct_at(data + i, std::move(*from));
      std::destroy_at(from);
    }
    if (data_ != nullptr) std::allocator<T>{}.deallocate(data_, capacity_);
    data_ = data;
    capacity_ = capacity;
    head_ = 0;
  }

  T* data_ = nullptr;
  std::size_t capacity_ = 0;
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

}  // namespace async::detail
