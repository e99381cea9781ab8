//! Middleware that acts on a few requests and stays out of the way of the
//! rest: [`Selective`] asks its [`Intercept`] whether a request concerns
//! it, and only then boxes a future for it. Every other request goes
//! straight through, with no allocation (the hot path: `from_fn` would box
//! every request's future).

use crate::access::MapLeft;
use actix_utils::future::Either;
use actix_web::Error;
use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::{Service, ServiceRequest, ServiceResponse, Transform, forward_ready};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

/// The service behind an interceptor, called at most once per request.
pub type Next<B> =
    Rc<dyn Fn(ServiceRequest) -> Pin<Box<dyn Future<Output = Result<ServiceResponse<B>, Error>>>>>;

/// What a [`Selective`] middleware does with the requests it takes.
pub trait Intercept: Clone + 'static {
    /// True when the request is this middleware's business.
    fn applies(&self, req: &ServiceRequest) -> bool;

    /// Handles a request `applies` took: calls `next` (or not) and returns
    /// the response.
    fn intercept<B: MessageBody + 'static>(
        &self,
        req: ServiceRequest,
        next: Next<B>,
    ) -> Pin<Box<dyn Future<Output = Result<ServiceResponse<BoxBody>, Error>>>>;
}

/// Wraps an [`Intercept`] as actix middleware.
#[derive(Debug, Clone)]
pub struct Selective<I>(pub I);

impl<S, B, I> Transform<S, ServiceRequest> for Selective<I>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    S::Future: 'static,
    B: MessageBody + 'static,
    I: Intercept,
{
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = Error;
    type Transform = SelectiveService<S, I>;
    type InitError = ();
    type Future = std::future::Ready<Result<Self::Transform, Self::InitError>>;

    fn new_transform(&self, service: S) -> Self::Future {
        std::future::ready(Ok(SelectiveService {
            service: Rc::new(service),
            intercept: self.0.clone(),
        }))
    }
}

/// [`Selective`] around a service.
pub struct SelectiveService<S, I> {
    service: Rc<S>,
    intercept: I,
}

type Intercepted<B> = Pin<Box<dyn Future<Output = Result<ServiceResponse<EitherBody<B>>, Error>>>>;

impl<S, B, I> Service<ServiceRequest> for SelectiveService<S, I>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    S::Future: 'static,
    B: MessageBody + 'static,
    I: Intercept,
{
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = Error;
    type Future = Either<MapLeft<S::Future, B>, Intercepted<B>>;

    forward_ready!(service);

    fn call(&self, req: ServiceRequest) -> Self::Future {
        if !self.intercept.applies(&req) {
            return Either::left(MapLeft::new(self.service.call(req)));
        }
        let service = self.service.clone();
        let next: Next<B> = Rc::new(move |req| Box::pin(service.call(req)));
        let handled = self.intercept.intercept(req, next);
        Either::right(Box::pin(async move {
            handled.await.map(ServiceResponse::map_into_right_body)
        }))
    }
}
