// StartSession (server.h): the plain-HTTP Session, instantiated here alone.
#include "src/serve/session.h"

namespace verdict::serve {

void StartSession(tcp::socket socket, Server& server, bool reject) {
  std::make_shared<Session<beast::tcp_stream>>(
      beast::tcp_stream(std::move(socket)), server, reject)
      ->Start();
}

}  // namespace verdict::serve
