// StartTlsSession (server.h): the HTTPS Session, instantiated here alone.
#include "src/serve/session.h"

namespace verdict::serve {

void StartTlsSession(tcp::socket socket, net::ssl::context& ssl, Server& server,
                     bool reject) {
  using Stream = beast::ssl_stream<beast::tcp_stream>;
  std::make_shared<Session<Stream>>(
      Stream(beast::tcp_stream(std::move(socket)), ssl), server, reject)
      ->Start();
}

}  // namespace verdict::serve
