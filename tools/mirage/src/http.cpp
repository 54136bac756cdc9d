#include "http.hpp"

#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

namespace mirage_tool {
namespace {

struct Url {
  std::string host, port = "80", path = "/";
};

Result<Url> parse_url(const std::string& url) {
  if (url.starts_with("https://"))
    return fail(url + ": https is not supported by this version of mirage; serve the index over http:// or use a local path",
                exit_status::usage);
  if (!url.starts_with("http://")) return fail(url + ": not an http:// URL", exit_status::usage);
  Url u;
  auto rest = url.substr(7);
  auto slash = rest.find('/');
  auto hostport = rest.substr(0, slash);
  if (slash != std::string::npos) u.path = rest.substr(slash);
  auto colon = hostport.rfind(':');
  if (colon != std::string::npos && hostport.find(']') == std::string::npos) {
    u.host = hostport.substr(0, colon);
    u.port = hostport.substr(colon + 1);
  } else {
    u.host = hostport;
  }
  if (u.host.starts_with("[") && u.host.ends_with("]")) u.host = u.host.substr(1, u.host.size() - 2);
  if (u.host.empty()) return fail(url + ": no host in the URL", exit_status::usage);
  return u;
}

Result<std::string> fetch(const std::string& url, const Url& u) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  if (int rc = ::getaddrinfo(u.host.c_str(), u.port.c_str(), &hints, &res); rc != 0)
    return fail(url + ": cannot resolve " + u.host + ": " + gai_strerror(rc), exit_status::io);
  int fd = -1;
  int last_errno = 0;
  for (auto* a = res; a; a = a->ai_next) {
    fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    if (::connect(fd, a->ai_addr, a->ai_addrlen) == 0) break;
    last_errno = errno;
    ::close(fd);
    fd = -1;
  }
  ::freeaddrinfo(res);
  if (fd < 0) return fail(url + ": cannot connect: " + std::strerror(last_errno), exit_status::io);
  std::string request = "GET " + u.path + " HTTP/1.1\r\nHost: " + u.host + "\r\nUser-Agent: mirage\r\n" +
                        "Accept: */*\r\nConnection: close\r\n\r\n";
  for (std::size_t off = 0; off < request.size();) {
    ssize_t n = ::send(fd, request.data() + off, request.size() - off, MSG_NOSIGNAL);
    if (n <= 0) {
      ::close(fd);
      return fail(url + ": connection lost while sending the request", exit_status::io);
    }
    off += std::size_t(n);
  }
  std::string response;
  char buf[16384];
  ssize_t n;
  while ((n = ::recv(fd, buf, sizeof buf, 0)) > 0) response.append(buf, std::size_t(n));
  ::close(fd);
  return response;
}

// Decodes a chunked body; nullopt-like error when malformed.
Result<std::string> dechunk(const std::string& url, std::string_view body) {
  std::string out;
  while (true) {
    auto eol = body.find("\r\n");
    if (eol == std::string_view::npos) break;
    std::size_t size = 0;
    try {
      size = std::stoul(std::string(body.substr(0, eol)), nullptr, 16);
    } catch (...) {
      return fail(url + ": malformed chunked body", exit_status::io);
    }
    body.remove_prefix(eol + 2);
    if (size == 0) return out;
    if (body.size() < size + 2) break;
    out.append(body.substr(0, size));
    body.remove_prefix(size + 2);
  }
  return fail(url + ": the chunked body ends early", exit_status::io);
}

}  // namespace

Result<std::string> http_get(const std::string& start_url) {
  std::string url = start_url;
  for (int redirects = 0; redirects <= 5; ++redirects) {
    auto u = parse_url(url);
    if (!u) return std::unexpected(u.error());
    auto response = fetch(url, *u);
    if (!response) return response;
    auto header_end = response->find("\r\n\r\n");
    if (header_end == std::string::npos || !response->starts_with("HTTP/1."))
      return fail(url + ": not an HTTP response", exit_status::io);
    std::string head = response->substr(0, header_end);
    std::string_view body = std::string_view(*response).substr(header_end + 4);
    int status = std::atoi(head.c_str() + 9);
    std::string lower = head;
    for (auto& c : lower) c = char(std::tolower(static_cast<unsigned char>(c)));
    auto header = [&](const std::string& name) -> std::string {
      auto at = lower.find("\r\n" + name + ":");
      if (at == std::string::npos) return {};
      auto start = at + name.size() + 3;
      auto end = head.find("\r\n", start);
      std::string v = head.substr(start, end - start);
      v.erase(0, v.find_first_not_of(' '));
      return v;
    };
    if (status >= 300 && status < 400 && !header("location").empty()) {
      url = header("location");
      continue;
    }
    if (status != 200)
      return fail(url + ": the server answered " + head.substr(9, head.find("\r\n") - 9), exit_status::io);
    if (lower.find("transfer-encoding: chunked") != std::string::npos) return dechunk(url, body);
    if (auto len = header("content-length"); !len.empty()) {
      auto n = std::stoull(len);
      if (body.size() < n) return fail(url + ": the body ends early", exit_status::io);
      body = body.substr(0, n);
    }
    return std::string(body);
  }
  return fail(start_url + ": too many redirects", exit_status::io);
}

}  // namespace mirage_tool
