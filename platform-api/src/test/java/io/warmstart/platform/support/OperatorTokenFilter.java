package io.warmstart.platform.support;

import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * Gives RestAssured requests without an Authorization header an operator's token, so operator
 * calls in tests read like the API. {@link Api#anonymous()} marks a request that must go without.
 */
public final class OperatorTokenFilter implements Filter {

  static final String ANONYMOUS = "X-Test-Anonymous";

  @Override
  public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response, FilterContext context) {
    if (request.getHeaders().hasHeaderWithName(ANONYMOUS)) {
      request.removeHeader(ANONYMOUS);
    } else if (!request.getHeaders().hasHeaderWithName("Authorization")) {
      request.header("Authorization", "Bearer " + Tokens.operator());
    }
    return context.next(request, response);
  }
}
